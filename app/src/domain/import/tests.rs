//! Tests of reading a member list.
use super::*;

fn text(s: &str) -> Cell {
    Cell::Text(s.into())
}

fn d(s: &str) -> Date {
    Date::parse_vn(s).unwrap()
}

#[test]
fn the_usual_headers_are_recognised_in_any_order_and_spelling() {
    let headers: Vec<String> = [
        "STT",
        "HỌ VÀ TÊN",
        "Ngày  sinh",
        "Giới tính",
        "Mã ĐV",
        "Số thẻ đảng viên",
        "Nơi cư trú (ấp, khóm)",
        "Chức vụ / Công việc",
        "Ngày vào Đảng",
        "ngay chinh thuc",
        "Lãnh đạo chủ chốt",
        "Cấp ủy viên",
        "Số CCCD",
    ]
    .map(String::from)
    .to_vec();
    let map = map_columns(&headers, &[]);
    assert_eq!(map[0], None);
    assert_eq!(map[1], Some(Column::FullName));
    assert_eq!(map[2], Some(Column::BirthDate));
    assert_eq!(map[4], None, "an abbreviation is left for the user to map");
    assert_eq!(map[5], Some(Column::PartyCardNo));
    assert_eq!(map[6], Some(Column::Residence));
    assert_eq!(map[7], Some(Column::Job));
    assert_eq!(map[9], Some(Column::OfficialOn), "without diacritics too");
    assert_eq!(map[12], Some(Column::CitizenId));
    assert_eq!(missing(&map), Vec::<Column>::new());
    // The user maps the abbreviation instead; the other column is no longer used.
    let map = map_columns(&headers, &[(4, Some(Column::PartyCardNo))]);
    assert_eq!((map[4], map[5]), (Some(Column::PartyCardNo), None));
    assert_eq!(missing(&map_columns(&["Họ tên".into()], &[])).len(), REQUIRED.len() - 1);
}

#[test]
fn every_columns_own_label_is_recognised_as_it() {
    for c in Column::ALL {
        assert_eq!(recognise(c.label()), Some(*c), "{}", c.label());
    }
}

#[test]
fn dates_come_as_serial_numbers_or_text() {
    assert_eq!(excel_date(43_485.0), Some(d("20/01/2019")));
    assert_eq!(cell_date(&Cell::Number(25_569.0)), Ok(d("01/01/1970")));
    assert_eq!(cell_date(&text(" 05/03/1985 ")), Ok(d("05/03/1985")));
    assert_eq!(cell_date(&text("1985-03-05")), Ok(d("05/03/1985")));
    assert_eq!(cell_date(&text("43485")), Ok(d("20/01/2019")), "a serial number saved as text");
    assert!(cell_date(&text("31/02/1985")).is_err());
    assert!(cell_date(&Cell::Number(12.5)).is_err());
}

#[test]
fn hamlets_match_by_name_with_or_without_the_kind_word() {
    let (a, b, c) = (UnitId::new(), UnitId::new(), UnitId::new());
    let hamlets =
        [Place { id: a, name: "Ấp Bình Hòa".into() }, Place { id: b, name: "Khóm 1".into() }, Place { id: c, name: "Ấp Bình Hoà".into() }];
    assert_eq!(match_hamlet("ấp  bình hòa", &hamlets), vec![a], "case and spacing aside, the exact name first");
    assert_eq!(match_hamlet("Khóm 1", &hamlets), vec![b]);
    assert_eq!(match_hamlet("1", &hamlets), vec![b], "without the kind word");
    assert_eq!(match_hamlet("Binh Hoa", &hamlets), vec![a, c], "ambiguous without tone marks: the user chooses");
    assert_eq!(match_hamlet("Ấp Mới", &hamlets), Vec::<UnitId>::new());
}

fn sheet() -> (Vec<Option<Column>>, Vec<Place>, UnitId, UnitId) {
    let headers = [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Số thẻ đảng viên",
        "Số lý lịch",
        "Ngày vào Đảng",
        "Ngày chính thức",
        "Ấp, khóm",
        "Chức vụ",
        "Cấp ủy viên",
    ];
    let (h1, h2) = (UnitId::new(), UnitId::new());
    let places = vec![Place { id: h1, name: "Khóm 1".into() }, Place { id: h2, name: "Khóm 2".into() }];
    (map_columns(&headers.map(String::from), &[]), places, h1, h2)
}

fn row(name: &str, card: &str, hamlet: &str, birth: Cell) -> Vec<Cell> {
    vec![
        text(name),
        text("Nữ"),
        birth,
        text(card),
        text(""),
        Cell::Number(43_485.0),
        text("20/01/2020"),
        text(hamlet),
        text("Công chức văn phòng"),
        text("x"),
    ]
}

#[test]
fn rows_become_records_or_say_what_is_wrong() {
    let (map, places, h1, _) = sheet();
    let commune = UnitId::new();
    let known = [Known { id: MemberId::new(), party_card_no: "80.000002".into(), record_no: "LL-2".into() }];
    let rows = vec![
        row("Trần Thị Mai", "80.000001", "Khóm 1", text("05/03/1985")),
        vec![Cell::Empty; 10],
        row("Lê Văn Tám", "80.000002", "Khóm 9", Cell::Number(31_000.0)),
        row("Trần Thị Mai", "80.000001", "Khóm 1", text("05/03/1985")),
        vec![text("Ngô Văn Bảy"), text("?"), text("xx"), text(""), text(""), text(""), text(""), text(""), text("thợ"), text("")],
    ];
    let read = read_rows(&rows, &map, commune, &places, &known, &[]);
    assert_eq!(read.len(), 4, "the empty row is skipped");
    let first = read[0].draft.as_ref().expect("a record");
    assert_eq!((first.residence_id, first.job_category, first.status), (h1, JobCategory::CivilServant, MemberStatus::Full));
    assert_eq!((first.birth_date, first.joined_on, first.is_committee_member), (d("05/03/1985"), d("20/01/2019"), true));
    assert_eq!(first.record_no, "80.000001", "no record number: the card's");
    assert_eq!(read[1].draft, None);
    assert_eq!(read[0].line, 2);
    assert_eq!(read[1].errors, vec!["Không có ấp, khóm «Khóm 9» trong xã; hãy chọn một.".to_string()]);
    assert_eq!(read[1].hamlet_choices.len(), places.len(), "every hamlet offered");
    assert_eq!(read[1].existing, Some(known[0].id), "matched by its card number");
    assert!(read[2].errors[0].contains("đã có ở một dòng trên"), "{:?}", read[2].errors);
    assert!(read[2].draft.is_none());
    let errors = &read[3].errors;
    assert!(errors.iter().any(|e| e == "Thiếu số thẻ đảng viên."), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("Giới tính «?»")), "{errors:?}");
    assert!(errors.iter().any(|e| e.starts_with("Ngày sinh:")), "{errors:?}");
    assert!(errors.iter().any(|e| e.contains("công việc «thợ»")), "{errors:?}");
}

#[test]
fn a_list_without_record_numbers_keeps_the_registers() {
    let (map, places, _, _) = sheet();
    let known = [Known { id: MemberId::new(), party_card_no: "80.000002".into(), record_no: "LL-2".into() }];
    let read = read_rows(&[row("Lê Văn Tám", "80.000002", "Khóm 2", text("05/03/1985"))], &map, UnitId::new(), &places, &known, &[]);
    assert_eq!(read[0].existing, Some(known[0].id));
    assert_eq!(read[0].draft.as_ref().map(|d| d.record_no.as_str()), Some("LL-2"));
}

#[test]
fn an_ambiguous_hamlet_waits_for_the_users_choice() {
    let (map, _, _, _) = sheet();
    let (a, b) = (UnitId::new(), UnitId::new());
    let places = [Place { id: a, name: "Ấp Bình Hòa".into() }, Place { id: b, name: "Ấp Bình Hoà".into() }];
    let rows = vec![row("Trần Thị Mai", "80.000001", "Binh Hoa", text("05/03/1985"))];
    let read = read_rows(&rows, &map, UnitId::new(), &places, &[], &[]);
    assert_eq!(read[0].hamlet_choices, vec![a, b]);
    assert!(read[0].draft.is_none());
    let read = read_rows(&rows, &map, UnitId::new(), &places, &[], &[(2, b)]);
    assert_eq!(read[0].draft.as_ref().map(|d| d.residence_id), Some(b));
}

#[test]
fn an_exported_record_reads_back_as_itself() {
    let hamlet = Place { id: UnitId::new(), name: "Khóm 1".into() };
    let m = crate::domain::member::Member {
        residence_id: hamlet.id,
        is_key_leader: true,
        field: Field::FatherlandFront,
        status: MemberStatus::Probationary,
        ..crate::domain::member::tests::member()
    };
    let headers: Vec<String> = Column::ALL.iter().map(|c| c.label().to_string()).collect();
    let row: Vec<Cell> = export_row(&m, "Khóm 1").into_iter().map(|t| if t.is_empty() { Cell::Empty } else { Cell::Text(t) }).collect();
    let known = [Known { id: m.id, party_card_no: m.party_card_no.clone(), record_no: m.record_no.clone() }];
    let read = read_rows(&[row], &map_columns(&headers, &[]), m.commune_id, &[hamlet], &known, &[]);
    assert_eq!(read[0].errors, Vec::<String>::new());
    assert_eq!(read[0].existing, Some(m.id));
    assert_eq!(read[0].draft, Some(MemberDraft::from(&m)));
    let full = crate::domain::member::Member { status: MemberStatus::Full, ..m };
    assert_eq!(export_row(&full, "Khóm 1")[Column::OfficialOn as usize], "Chính thức");
}

#[test]
fn a_new_member_joins_the_branch_of_their_hamlet() {
    use crate::domain::branch::tests::branch;
    use crate::domain::branch::{BranchKind, Dissolution};
    let (commune, h1, h2) = (UnitId::new(), UnitId::new(), UnitId::new());
    let b1 = branch(BranchKind::Residential, commune, Some(h1));
    let gone = crate::domain::branch::Branch {
        dissolved: Some(Dissolution { on: d("01/01/2020"), decision_no: "1".into() }),
        ..branch(BranchKind::Residential, commune, Some(h2))
    };
    let all = [branch(BranchKind::Agency, commune, None), b1.clone(), gone];
    assert_eq!(home_branch(h1, &all), Some(b1.id));
    assert_eq!(home_branch(h2, &all), None, "a dissolved branch takes nobody");
}

#[test]
fn jobs_and_fields_are_read_from_the_usual_words() {
    assert_eq!(job_of("Phó Chủ tịch UBND"), Some(JobCategory::Official));
    assert_eq!(job_of("Người hoạt động không chuyên trách"), Some(JobCategory::PartTime));
    assert_eq!(job_of("Công an viên (không chính quy)"), Some(JobCategory::CommunePolice));
    assert_eq!(job_of("công chức địa chính"), Some(JobCategory::CivilServant));
    assert_eq!(job_of("thợ hồ"), None);
    assert_eq!(field_of("", JobCategory::CommunePolice), Some(Field::Security));
    assert_eq!(field_of("Mặt trận Tổ quốc", JobCategory::Official), Some(Field::FatherlandFront));
    assert_eq!(field_of("Hội Nông dân", JobCategory::PartTime), Some(Field::MassOrganisation));
    assert!(yes(&text("Có")) && yes(&Cell::Bool(true)) && !yes(&text("")) && !yes(&text("không")));
}
