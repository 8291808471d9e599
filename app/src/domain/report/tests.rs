use super::*;
use crate::domain::branch::tests::branch;
use crate::domain::campaign::tests::police_campaign;
use crate::domain::date::Date;
use crate::domain::ids::{CampaignId, TransferId};
use crate::domain::member::JobCategory;
use crate::domain::member::tests::member;

#[test]
fn figures_count_what_the_overview_shows() {
    let commune = UnitId::new();
    let in_commune = |m: Member| Member { commune_id: commune, ..m };
    let moved = in_commune(member());
    let leader = Member { is_key_leader: true, ..in_commune(member()) };
    let police = Member { job_category: JobCategory::CommunePolice, ..in_commune(member()) };
    let elsewhere = member();
    let agency = branch(BranchKind::Agency, commune, None);
    let dissolved = agency.dissolve(0, Date::parse_vn("20/01/2019").unwrap(), "1").unwrap();
    let branches = vec![
        dissolved,
        branch(BranchKind::Residential, commune, Some(UnitId::new())),
        branch(BranchKind::Residential, UnitId::new(), None),
    ];
    let transfer = |m: &Member| Transfer {
        id: TransferId::new(),
        campaign_id: CampaignId::new(),
        member_id: m.id,
        from_branch: None,
        to_branch: branches[1].id,
        effective_on: Date::parse_vn("20/01/2019").unwrap(),
        letter_no: "1".into(),
    };
    let transfers = vec![transfer(&moved), transfer(&leader), transfer(&elsewhere)];
    let with_task: HashSet<MemberId> = [moved.id].into();
    let participation: HashMap<MemberId, Participation> = [
        (moved.id, Participation { meetings: 4, present: 4, contributed: 0 }),
        (leader.id, Participation { meetings: 4, present: 1, contributed: 1 }),
    ]
    .into();
    let ratings = vec![
        (moved.id, 2025, Rating::Excellent, true),
        (leader.id, 2025, Rating::Good, false),
        (leader.id, 2024, Rating::Good, false),
        (police.id, 2025, Rating::Good, false),
    ];
    let members = vec![moved, leader, police, elsewhere];
    let campaigns = vec![police_campaign()];
    let records = |campaigns| CommuneRecords {
        commune_id: commune,
        commune_name: "Sa Rài",
        branches: &branches,
        members: &members,
        transfers: &transfers,
        campaigns,
        members_with_task: &with_task,
        participation: &participation,
        ratings: &ratings,
        rules: FlagRules::default(),
    };
    let f = commune_figures(&records(&campaigns));
    assert_eq!((f.agency_branches, f.agency_dissolved), (1, 1));
    assert_eq!(f.last_dissolved, Date::parse_vn("20/01/2019").ok());
    assert_eq!(f.members_moved, 2, "the member of another commune is not counted");
    assert_eq!(f.residential_branches, 1);
    assert_eq!((f.moved_without_task, f.leaders_without_task), (1, 1));
    assert_eq!(f.pending, 1);
    assert_eq!((f.low_attendance, f.never_contributing), (1, 1), "one hardly comes, one never speaks");
    assert_eq!((f.present, f.attendance_rows, f.attendance_percent()), (5, 8, Some(62)));
    assert_eq!(f.ratings_of(2025), YearRatings { year: 2025, counts: [1, 1, 0, 0], candidates: 1 }, "moved members only");
    assert_eq!(f.ratings_of(2023).counts, [0; 4]);
    let wave = f.wave(campaigns[0].id).unwrap();
    assert_eq!((wave.covered, wave.moved), (1, 0), "the police member still waits");
    let closed = vec![Campaign { open: false, ..police_campaign() }];
    let f2 = commune_figures(&records(&closed));
    assert_eq!(f2.pending, 0);
    let t = totals(&[f.clone(), f], "huyện");
    assert_eq!((t.agency_dissolved, t.members_moved, t.pending), (2, 4, 2));
    assert_eq!((t.low_attendance, t.attendance_rows), (2, 16));
    assert_eq!(t.ratings_of(2025).counts, [2, 2, 0, 0]);
    assert_eq!(t.wave(campaigns[0].id).map(|w| w.covered), Some(2));
    assert_eq!(rated_years(&[t]), vec![2025, 2024]);
    assert_eq!(two_digits(9), "09");
}

fn wave(campaign: &Campaign, covered: usize, moved: usize, branches: usize, last: Option<&str>) -> WaveFigures {
    WaveFigures {
        campaign_id: campaign.id,
        covered,
        moved,
        receiving_branches: branches,
        last_effective: last.map(|d| Date::parse_vn(d).unwrap()),
    }
}

#[test]
fn the_opening_paragraph_reads_like_the_report() {
    let first = Campaign {
        id: CampaignId::new(),
        code: "21-HD/BTCTU".into(),
        title: "Chuyển sinh hoạt đảng của đảng viên công tác ở xã, thị trấn về chi bộ ấp, khóm nơi cư trú".into(),
        basis_date: Date::parse_vn("21/11/2018").unwrap(),
        issuer: "Ban Tổ chức Tỉnh ủy Đồng Tháp".into(),
        dissolves_agency_branches: true,
        ..police_campaign()
    };
    let police = Campaign {
        title: "Chuyển sinh hoạt đảng của đảng viên là công an xã không chính quy về chi bộ ấp, khóm".into(),
        ..police_campaign()
    };
    let mut total = CommuneFigures {
        agency_branches: 9,
        agency_dissolved: 9,
        members_moved: 285,
        last_dissolved: Some(Date::parse_vn("20/01/2019").unwrap()),
        waves: vec![wave(&police, 54, 0, 0, None), wave(&first, 285, 285, 38, Some("15/01/2019"))],
        ..Default::default()
    };
    let campaigns = [police.clone(), first.clone()];
    let text = opening_paragraph(&total, &campaigns);
    assert!(text.starts_with("Căn cứ Hướng dẫn số 21-HD/BTCTU ngày 21/11/2018 của Ban Tổ chức Tỉnh ủy Đồng Tháp"), "{text}");
    assert!(
        text.contains(
            "kết quả đến ngày 20/01/2019 đã giải thể 09/09 chi bộ cơ quan xã, thị trấn, chuyển 285 đảng viên là cán bộ, công chức, \
             những người hoạt động không chuyên trách xã, thị trấn về sinh hoạt đảng tại 38 chi bộ ấp, khóm."
        ),
        "{text}"
    );
    assert!(text.contains("các xã đang lập kế hoạch chuyển 54 đồng chí"), "{text}");
    assert!(!text.contains("Kết quả đến nay"), "one wave only: no total yet");

    total.waves[0] = wave(&police, 54, 20, 10, Some("01/09/2021"));
    assert!(opening_paragraph(&total, &campaigns).contains("đến nay đã chuyển 20/54 đồng chí"));

    total.waves[0] = wave(&police, 54, 54, 30, Some("30/09/2021"));
    total.members_moved = 339;
    let text = opening_paragraph(&total, &campaigns);
    assert!(text.contains(&format!("Đồng thời, thực hiện Công văn số {} ngày {}", police.code, police.basis_date.to_vn())), "{text}");
    assert!(text.contains("chỉ đạo đảng uỷ các xã chuyển 54 đồng chí đảng viên là"), "{text}");
    assert!(text.ends_with("Kết quả đến nay, có 339 đảng viên công tác tại xã, thị trấn đã chuyển về sinh hoạt đảng chi bộ ấp, khóm."));

    let row = CommuneFigures { commune_name: "Sa Rài".into(), ..total.clone() };
    let mut ordered = campaigns.to_vec();
    report_order(&mut ordered);
    assert_eq!(ordered[0].code, "21-HD/BTCTU");
    let tables = report_tables(&[row], &CommuneFigures { commune_name: "Toàn huyện".into(), ..total }, &ordered, Some(2025));
    assert_eq!(tables.len(), 3);
    assert_eq!(tables[0].headers[2], "Đã chuyển theo 21-HD/BTCTU");
    assert_eq!(tables[0].rows[1][..6], ["Toàn huyện", "09/09", "285", "38", "54", "30"].map(String::from));
    assert!(tables.iter().all(|t| t.rows.iter().all(|r| r.len() == t.headers.len())));
    assert_eq!(tables[2].title, "Xếp loại đảng viên đã chuyển năm 2025");
    assert_eq!(report_tables(&[], &CommuneFigures::default(), &ordered, None).len(), 2);
}

#[test]
fn fresh_figures_take_the_place_of_their_communes_rows() {
    let row = |name: &str, moved: usize| CommuneFigures {
        commune_id: Some(UnitId::new()),
        commune_name: name.into(),
        members_moved: moved,
        ..Default::default()
    };
    let (a, b) = (row("Xã An Phước", 31), row("Xã Bình Phú", 30));
    let mut rows = vec![a.clone(), b.clone()];
    merge_figures(&mut rows, &[CommuneFigures { members_moved: 32, ..a.clone() }]);
    assert_eq!(rows.iter().map(|r| r.members_moved).collect::<Vec<_>>(), [32, 30]);
    assert_eq!(totals(&rows, "tỉnh").members_moved, 62);
    assert_eq!(YearRatings { year: 2026, counts: [1, 2, 0, 3], candidates: 1 }.rated(), 6);
    // A commune not listed yet (a new one) joins in name order.
    merge_figures(&mut rows, &[row("Thị trấn Sa Rài", 36)]);
    assert_eq!(rows.iter().map(|r| r.commune_name.as_str()).collect::<Vec<_>>(), ["Thị trấn Sa Rài", "Xã An Phước", "Xã Bình Phú"]);
}

#[test]
fn the_report_is_issued_by_the_committee_of_the_whole() {
    assert_eq!(issuer("huyện"), "Ban Thường vụ Huyện ủy");
    assert_eq!(issuer("tỉnh"), "Ban Thường vụ Tỉnh ủy");
    assert_eq!(issuer("tổ chức"), "Ban Thường vụ");
    assert_eq!(totals(&[], "tỉnh").commune_name, "Toàn tỉnh");
}
