//! Reading a commune's member list as its office keeps it (an Excel sheet or a CSV file): the
//! columns recognised from their usual Vietnamese headers in any order, dates as Excel serial
//! numbers or dd/mm/yyyy text, hamlets matched by name ignoring case, spacing and the kind word
//! ("Ấp", "Khóm"), each row turned into a member record or the reasons it cannot be one. The
//! reader hands cells in Unicode NFC; nothing here writes anything.

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::ids::{MemberId, UnitId};
use super::member::{Field, Gender, JobCategory, MemberDraft, MemberStatus};
use super::org::same_name;
use super::text::fold;

/// A cell as read from a sheet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// The cell as text, trimmed (a whole number without its ".0").
    pub fn text(&self) -> String {
        match self {
            Self::Empty => String::new(),
            Self::Text(t) => t.trim().to_string(),
            Self::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Self::Number(n) => n.to_string(),
            Self::Bool(b) => if *b { "x" } else { "" }.to_string(),
        }
    }
}

coded_enum!(
    /// The columns of a member list.
    Column {
        FullName = "full_name", "Họ và tên";
        Gender = "gender", "Giới tính";
        BirthDate = "birth_date", "Ngày sinh";
        PartyCardNo = "party_card_no", "Số thẻ đảng viên";
        RecordNo = "record_no", "Số lý lịch";
        CitizenId = "citizen_id", "Số CCCD";
        JoinedOn = "joined_on", "Ngày vào Đảng";
        OfficialOn = "official_on", "Ngày chính thức";
        Residence = "residence", "Nơi cư trú (ấp, khóm)";
        Job = "job", "Chức vụ, công việc";
        Field = "field", "Lĩnh vực";
        Committee = "committee", "Cấp ủy viên";
        KeyLeader = "key_leader", "Lãnh đạo chủ chốt";
    }
);

/// A member's record as a row of the template's columns (the register's export, which reads
/// back as the same records): `residence` is the hamlet's name; the register keeps whether a
/// member is full or probationary, not the day, so that column says which.
pub fn export_row(m: &super::member::Member, residence: &str) -> Vec<String> {
    let yes = |b: bool| if b { "x" } else { "" }.to_string();
    Column::ALL
        .iter()
        .map(|c| match c {
            Column::FullName => m.full_name.as_str().to_string(),
            Column::Gender => m.gender.label().to_string(),
            Column::BirthDate => m.birth_date.to_vn(),
            Column::PartyCardNo => m.party_card_no.clone(),
            Column::RecordNo => m.record_no.clone(),
            Column::CitizenId => String::new(),
            Column::JoinedOn => m.joined_on.to_vn(),
            Column::OfficialOn => m.status.label().to_string(),
            Column::Residence => residence.to_string(),
            Column::Job => m.job_category.label().to_string(),
            Column::Field => m.field.label().to_string(),
            Column::Committee => yes(m.is_committee_member),
            Column::KeyLeader => yes(m.is_key_leader),
        })
        .collect()
}

/// The branch a member new to the register joins officially: the active residential branch of the
/// hamlet where they live (`None`: the hamlet has none yet).
pub fn home_branch(residence: UnitId, branches: &[super::branch::Branch]) -> Option<super::ids::BranchId> {
    branches.iter().find(|b| b.holds_meetings() && b.hamlet_id == Some(residence)).map(|b| b.id)
}

/// The columns a row cannot do without.
pub const REQUIRED: [Column; 7] =
    [Column::FullName, Column::Gender, Column::BirthDate, Column::PartyCardNo, Column::JoinedOn, Column::Residence, Column::Job];

/// Folded text with single spaces, for comparing headers and values.
fn key(text: &str) -> String {
    fold(text).split(|c: char| c.is_whitespace() || c == '_').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The column a header names, from the usual ways of writing it.
pub fn recognise(header: &str) -> Option<Column> {
    let k = key(header.trim_end_matches(':'));
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| k == *p || k.starts_with(&format!("{p} ")));
    Some(match () {
        _ if starts(&["ho va ten", "ho ten", "ho va ten dang vien", "ten dang vien"]) => Column::FullName,
        _ if starts(&["gioi tinh", "gioi", "phai"]) => Column::Gender,
        _ if starts(&["ngay sinh", "ngay thang nam sinh", "sinh ngay"]) => Column::BirthDate,
        _ if starts(&["so the dang vien", "so the", "the dang vien"]) => Column::PartyCardNo,
        _ if starts(&["so ly lich", "so ll", "ly lich"]) => Column::RecordNo,
        _ if starts(&["so cccd", "cccd", "so can cuoc", "can cuoc cong dan", "so cmnd"]) => Column::CitizenId,
        _ if starts(&["ngay vao dang", "ngay ket nap", "vao dang"]) => Column::JoinedOn,
        _ if starts(&["ngay chinh thuc", "ngay cong nhan chinh thuc", "chinh thuc", "trang thai"]) => Column::OfficialOn,
        _ if starts(&["noi cu tru", "ap khom", "ap, khom", "ap", "khom", "cho o", "noi o"]) => Column::Residence,
        _ if starts(&["chuc vu", "cong viec", "chuc vu cong viec", "chuc vu, cong viec", "chuc danh"]) => Column::Job,
        _ if starts(&["linh vuc", "nhom"]) => Column::Field,
        _ if starts(&["cap uy vien", "dang uy vien", "uy vien ban chap hanh", "cap uy"]) => Column::Committee,
        _ if starts(&["lanh dao chu chot", "chu chot"]) => Column::KeyLeader,
        _ => return None,
    })
}

/// Which column each of a sheet's columns is (`None`: not used), from the headers and the
/// user's own choices (`chosen`: column index → column, which win; a column chosen twice keeps
/// only its last index).
pub fn map_columns(headers: &[String], chosen: &[(usize, Option<Column>)]) -> Vec<Option<Column>> {
    let mut map: Vec<Option<Column>> = headers.iter().map(|h| recognise(h)).collect();
    for (i, c) in chosen {
        if *i < map.len() {
            if let Some(c) = c {
                for other in map.iter_mut().filter(|m| **m == Some(*c)) {
                    *other = None;
                }
            }
            map[*i] = *c;
        }
    }
    // A column recognised twice (two "Ấp" columns, say) is used once: the first.
    let mut seen = Vec::new();
    for m in map.iter_mut() {
        match m {
            Some(c) if seen.contains(c) => *m = None,
            Some(c) => seen.push(*c),
            None => {}
        }
    }
    map
}

/// The required columns the map does not have.
pub fn missing(map: &[Option<Column>]) -> Vec<Column> {
    REQUIRED.iter().copied().filter(|c| !map.contains(&Some(*c))).collect()
}

/// A date from an Excel serial number (days since 30/12/1899, the 1900 date system).
pub fn excel_date(serial: f64) -> Option<Date> {
    (serial.fract() == 0.0 && (61.0..=2_958_465.0).contains(&serial)).then(|| Date::from_days(serial as i64 - 25_569))
}

/// A date cell: a serial number, or text dd/mm/yyyy (or yyyy-mm-dd).
pub fn cell_date(cell: &Cell) -> Result<Date, String> {
    match cell {
        Cell::Number(n) => excel_date(*n).ok_or_else(|| format!("«{}» không phải là một ngày", cell.text())),
        Cell::Text(t) => match t.trim().parse::<u32>() {
            // A serial number saved as text (a CSV from a date column kept as a number).
            Ok(n) if n >= 61 => cell_date(&Cell::Number(f64::from(n))),
            _ => Date::parse_any(t.trim()).map_err(|e| e.to_string()),
        },
        _ => Err("chưa có ngày".into()),
    }
}

fn gender_of(text: &str) -> Option<Gender> {
    match key(text).as_str() {
        "nam" | "m" | "male" => Some(Gender::Male),
        "nu" | "f" | "female" => Some(Gender::Female),
        _ => None,
    }
}

/// The job category a "Chức vụ, công việc" cell names.
pub fn job_of(text: &str) -> Option<JobCategory> {
    let k = key(text);
    let has = |w: &str| k.contains(w);
    Some(match () {
        _ if has("cong an") => JobCategory::CommunePolice,
        _ if has("khong chuyen trach") => JobCategory::PartTime,
        _ if has("cong chuc") => JobCategory::CivilServant,
        _ if has("can bo") || has("bi thu") || has("chu tich") => JobCategory::Official,
        _ if has("khac") => JobCategory::Other,
        _ => return JobCategory::ALL.iter().copied().find(|j| key(j.label()) == k),
    })
}

/// The field a "Lĩnh vực" cell names, or the usual one for the job when it is empty.
fn field_of(text: &str, job: JobCategory) -> Option<Field> {
    if text.trim().is_empty() {
        return Some(match job {
            JobCategory::CommunePolice => Field::Security,
            JobCategory::Official => Field::PartyWork,
            _ => Field::Administration,
        });
    }
    let k = key(text);
    Field::ALL.iter().copied().find(|f| key(f.label()) == k || key(f.label()).starts_with(&k)).or(match () {
        _ if k.contains("doan the") || k.contains("hoi") => Some(Field::MassOrganisation),
        _ if k.contains("mat tran") => Some(Field::FatherlandFront),
        _ if k.contains("cong an") || k.contains("quan su") => Some(Field::Security),
        _ if k.contains("to chuc") || k.contains("kiem tra") || k.contains("tuyen giao") => Some(Field::PartyWork),
        _ => None,
    })
}

/// A yes/no cell: "x", "có", "1", TRUE are yes.
fn yes(cell: &Cell) -> bool {
    match cell {
        Cell::Bool(b) => *b,
        Cell::Number(n) => *n != 0.0,
        Cell::Text(t) => matches!(key(t).as_str(), "x" | "co" | "1" | "yes" | "true" | "phai"),
        Cell::Empty => false,
    }
}

/// A hamlet of the commune, as a name to match against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub id: UnitId,
    pub name: String,
}

/// The hamlet a cell names: its name, with or without the kind word, case and spacing aside.
pub fn match_hamlet(text: &str, hamlets: &[Place]) -> Vec<UnitId> {
    let bare = |s: &str| {
        let k = key(s);
        ["ap ", "khom "].iter().find_map(|p| k.strip_prefix(p).map(str::to_string)).unwrap_or(k)
    };
    let exact: Vec<UnitId> = hamlets.iter().filter(|h| same_name(&h.name, text)).map(|h| h.id).collect();
    if !exact.is_empty() {
        return exact;
    }
    // Without the kind word and the tone marks: "Binh Hoa" finds "Ấp Bình Hòa" (and maybe others).
    hamlets.iter().filter(|h| bare(&h.name) == bare(text)).map(|h| h.id).collect()
}

/// A member already on the register, for matching: by party card number, then record number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Known {
    pub id: MemberId,
    pub party_card_no: String,
    pub record_no: String,
}

/// One row of the file, read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportRow {
    /// The row's number in the sheet (the header is row 1).
    pub line: usize,
    pub full_name: String,
    /// The record, when every required cell could be read.
    pub draft: Option<MemberDraft>,
    /// What is wrong, in Vietnamese, one reason per cell.
    pub errors: Vec<String>,
    /// The hamlets the residence cell could mean, when more than one (the user chooses).
    pub hamlet_choices: Vec<UnitId>,
    /// The member on the register it updates (matched by card, then record number).
    pub existing: Option<MemberId>,
}

/// Reads the rows of a member list for `commune` (its hamlets `hamlets`; `known`: its members on
/// the register). `chosen_hamlets` holds the user's choice for a row whose hamlet was ambiguous.
/// A row repeating an earlier row's party card number is refused.
pub fn read_rows(
    rows: &[Vec<Cell>],
    map: &[Option<Column>],
    commune: UnitId,
    hamlets: &[Place],
    known: &[Known],
    chosen_hamlets: &[(usize, UnitId)],
) -> Vec<ImportRow> {
    let mut out: Vec<ImportRow> = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let get = |c: Column| map.iter().position(|m| *m == Some(c)).and_then(|i| row.get(i)).cloned().unwrap_or(Cell::Empty);
        if row.iter().all(|c| c.text().is_empty()) {
            continue;
        }
        let mut errors = Vec::new();
        let mut need = |c: Column| {
            let cell = get(c);
            if cell.text().is_empty() {
                errors.push(format!("Thiếu {}.", c.label().to_lowercase()));
                None
            } else {
                Some(cell)
            }
        };
        let (name, gender, birth, card, joined, residence, job) = (
            need(Column::FullName),
            need(Column::Gender),
            need(Column::BirthDate),
            need(Column::PartyCardNo),
            need(Column::JoinedOn),
            need(Column::Residence),
            need(Column::Job),
        );
        let full_name = name.map(|c| c.text()).unwrap_or_default();
        let gender = gender.and_then(|c| {
            let g = gender_of(&c.text());
            if g.is_none() {
                errors.push(format!("Giới tính «{}» không rõ (Nam hoặc Nữ).", c.text()));
            }
            g
        });
        let mut date = |cell: Option<Cell>, what: &str| {
            cell.and_then(|c| match cell_date(&c) {
                Ok(d) => Some(d),
                Err(e) => {
                    errors.push(format!("{what}: {e}."));
                    None
                }
            })
        };
        let birth = date(birth, "Ngày sinh");
        let joined = date(joined, "Ngày vào Đảng");
        // A day, or the status itself ("Chính thức", "Dự bị"); empty: probationary.
        let official = get(Column::OfficialOn);
        let status = match key(&official.text()).as_str() {
            "" | "du bi" => MemberStatus::Probationary,
            "chinh thuc" => MemberStatus::Full,
            _ if cell_date(&official).is_ok() => MemberStatus::Full,
            _ => {
                errors.push(format!("Ngày chính thức «{}» không phải là một ngày.", official.text()));
                MemberStatus::Probationary
            }
        };
        let job = job.and_then(|c| {
            let j = job_of(&c.text());
            if j.is_none() {
                errors.push(format!("Không nhận ra công việc «{}» (cán bộ, công chức, không chuyên trách, công an xã…).", c.text()));
            }
            j
        });
        let field = job.and_then(|j| {
            let text = get(Column::Field).text();
            let f = field_of(&text, j);
            if f.is_none() {
                errors.push(format!("Không nhận ra lĩnh vực «{text}»."));
            }
            f
        });
        let mut hamlet_choices = Vec::new();
        let residence_id = residence.and_then(|c| {
            let text = c.text();
            if let Some((_, chosen)) = chosen_hamlets.iter().find(|(l, _)| *l == line) {
                return Some(*chosen);
            }
            match match_hamlet(&text, hamlets).as_slice() {
                [one] => Some(*one),
                // Every hamlet is offered: the user tells which one the file meant.
                [] => {
                    errors.push(format!("Không có ấp, khóm «{text}» trong xã; hãy chọn một."));
                    hamlet_choices = hamlets.iter().map(|h| h.id).collect();
                    None
                }
                several => {
                    errors.push(format!("«{text}» có thể là {} ấp, khóm; hãy chọn một.", several.len()));
                    hamlet_choices = several.to_vec();
                    None
                }
            }
        });
        let card = card.map(|c| c.text()).unwrap_or_default();
        let record_no = get(Column::RecordNo).text();
        if !card.is_empty() && out.iter().any(|r| r.draft.as_ref().is_some_and(|d| same_name(&d.party_card_no, &card))) {
            errors.push(format!("Số thẻ đảng viên {card} đã có ở một dòng trên; dòng này bị bỏ qua."));
        }
        let matched = known
            .iter()
            .find(|k| !card.is_empty() && same_name(&k.party_card_no, &card))
            .or_else(|| known.iter().find(|k| !record_no.is_empty() && same_name(&k.record_no, &record_no)));
        let existing = matched.map(|k| k.id);
        // A list without record numbers keeps the register's; a member new to it takes the card's.
        let record_no = match (record_no.is_empty(), matched) {
            (false, _) => record_no,
            (true, Some(k)) => k.record_no.clone(),
            (true, None) => card.clone(),
        };
        let draft = match (errors.is_empty(), gender, birth, joined, residence_id, job, field) {
            (true, Some(gender), Some(birth_date), Some(joined_on), Some(residence_id), Some(job_category), Some(field)) => {
                Some(MemberDraft {
                    full_name: full_name.clone(),
                    gender,
                    birth_date,
                    party_card_no: card,
                    record_no,
                    joined_on,
                    status,
                    commune_id: commune,
                    residence_id,
                    job_category,
                    field,
                    is_committee_member: yes(&get(Column::Committee)),
                    is_key_leader: yes(&get(Column::KeyLeader)),
                })
            }
            _ => None,
        };
        out.push(ImportRow { line, full_name, draft, errors, hamlet_choices, existing });
    }
    out
}

#[cfg(test)]
mod tests {
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
        let hamlets = [
            Place { id: a, name: "Ấp Bình Hòa".into() },
            Place { id: b, name: "Khóm 1".into() },
            Place { id: c, name: "Ấp Bình Hoà".into() },
        ];
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
}
