use super::*;
use crate::domain::branch::BranchKind;
use crate::domain::campaign::Campaign;
use crate::domain::date::Date;
use crate::domain::ids::{CampaignId, MembershipId};
use crate::domain::member::{Field, Gender, Member, MemberStatus};
use crate::domain::membership::{Membership, MembershipKind};
use crate::domain::text::PersonName;

fn member(name: &str, commune: UnitId, hamlet: UnitId, job: JobCategory) -> Member {
    Member {
        id: MemberId::new(),
        full_name: PersonName::parse(name).unwrap(),
        gender: Gender::Male,
        birth_date: Date::parse_vn("01/01/1985").unwrap(),
        party_card_no: "079.012345".into(),
        record_no: "1".into(),
        joined_on: Date::parse_vn("01/01/2010").unwrap(),
        status: MemberStatus::Full,
        commune_id: commune,
        residence_id: hamlet,
        job_category: job,
        field: Field::Security,
        is_committee_member: false,
        is_key_leader: false,
        version: 1,
    }
}

/// A commune with two hamlet branches (given in reverse order) and three police officers
/// (in no order), one of them living outside both hamlets; all still in the district's police
/// branch, as the server or the device's store would hand them to the board.
fn source() -> BoardSource {
    let commune = UnitId::new();
    let (h1, h2) = (UnitId::new(), UnitId::new());
    let branch = |name: &str, kind, unit, hamlet| Branch {
        id: BranchId::new(),
        name: name.into(),
        kind,
        unit_id: unit,
        commune_id: Some(commune),
        hamlet_id: hamlet,
        dissolved: None,
        version: 1,
    };
    let police = JobCategory::CommunePolice;
    let mut leader = member("Trần Văn Bình", commune, h2, police);
    leader.is_key_leader = true;
    let members = vec![leader, member("Nguyễn Thị An", commune, h1, police), member("Lê Văn Cường", commune, UnitId::new(), police)];
    let agency = branch("Chi bộ Công an huyện", BranchKind::Agency, commune, None);
    let memberships = members
        .iter()
        .map(|m| Membership {
            id: MembershipId::new(),
            member_id: m.id,
            branch_id: agency.id,
            kind: MembershipKind::Official,
            from: Date::parse_vn("01/01/2010").unwrap(),
            to: None,
        })
        .collect();
    BoardSource {
        commune_id: commune,
        commune_name: "Sa Rài".into(),
        campaign: Campaign {
            id: CampaignId::new(),
            code: "314-CV/TU".into(),
            title: "t".into(),
            basis_date: Date::parse_vn("23/06/2021").unwrap(),
            issuer: "i".into(),
            job_categories: vec![police],
            deadline: None,
            dissolves_agency_branches: false,
            communes: Vec::new(),
            open: true,
            version: 1,
        },
        branches: vec![
            branch("Chi bộ Khóm 2", BranchKind::Residential, h2, Some(h2)),
            agency,
            branch("Chi bộ Khóm 1", BranchKind::Residential, h1, Some(h1)),
        ],
        members,
        plans: vec![],
        transfers: vec![],
        memberships,
        hamlets: vec![(h1, "Khóm 1".into()), (h2, "Khóm 2".into())],
        manages: true,
    }
}

fn board() -> BoardState {
    BoardState::new(BoardData::assemble(source()))
}

/// The given name of a card's full name.
fn given(full_name: &str) -> String {
    PersonName::parse(full_name).unwrap().given_name().to_string()
}

fn id(b: &BoardState, name: &str) -> MemberId {
    b.data.members.iter().find(|m| given(&m.full_name) == name).unwrap().id
}

#[test]
fn columns_start_with_the_source_and_cards_sort_by_given_name() {
    let b = board();
    let cols = b.columns();
    assert_eq!(cols[0], Column::Source);
    assert_eq!(b.column_title(cols[1]), "Chi bộ Khóm 1");
    let names: Vec<_> = b.cards(Column::Source, &Filter::default()).iter().map(|m| given(&b.member(*m).unwrap().full_name)).collect();
    assert_eq!(names, ["An", "Bình", "Cường"]);
    assert_eq!(b.count(Column::Source), 3);
    assert_eq!(b.data.sources, vec![("Chi bộ Công an huyện".to_string(), 3)], "the agency branch is no column");
    assert_eq!(cols.len(), 3);
}

#[test]
fn the_board_carries_the_cards_not_the_personal_details_of_the_files() {
    let src = source();
    let card_no = src.members[0].party_card_no.clone();
    let data = BoardData::assemble(src);
    let json = serde_json::to_string(&data).unwrap();
    assert!(json.contains("Nguyễn Thị An"));
    for detail in ["birth_date", "party_card_no", "record_no", "joined_on", "gender"] {
        assert!(!json.contains(detail), "the board's data holds {detail}");
    }
    assert!(!json.contains(&format!("\"{card_no}\"")));
    let leader = data.members.iter().find(|m| m.full_name == "Trần Văn Bình").unwrap();
    assert_eq!(leader.badges(), vec![crate::domain::member::Badge::KeyLeader]);
}

#[test]
fn a_move_is_applied_counted_and_reverted() {
    let mut b = board();
    let an = id(&b, "An");
    let k1 = b.columns()[1];
    let (mv, base) = b.apply(an, k1).unwrap();
    assert_eq!((mv.from, mv.to, base), (None, k1.target(), 0));
    assert_eq!(b.count(k1), 1);
    assert_eq!(b.version(an), 1);
    assert!(!b.is_mismatch(b.member(an).unwrap()));
    b.revert(mv, None);
    assert_eq!(b.count(Column::Source), 3);
}

#[test]
fn planning_away_from_home_is_flagged_and_filterable() {
    let mut b = board();
    let an = id(&b, "An");
    let k2 = b.columns()[2];
    b.apply(an, k2).unwrap();
    assert!(b.is_mismatch(b.member(an).unwrap()));
    let f = Filter { mismatched_only: true, ..Filter::default() };
    assert_eq!(b.cards(k2, &f), vec![an]);
    assert!(b.cards(Column::Source, &f).is_empty());
}

#[test]
fn confirmed_cards_and_read_only_boards_refuse_moves() {
    let mut b = board();
    let an = id(&b, "An");
    let k1 = b.columns()[1];
    b.apply(an, k1).unwrap();
    assert!(b.can_change(an));
    b.mark_confirmed(an);
    assert!(!b.can_change(an), "a confirmed card has no move or confirm control");
    assert_eq!(b.apply(an, Column::Source).unwrap_err(), DomainError::AlreadyConfirmed);
    let mut ro = board();
    ro.data.can_edit = false;
    let an = id(&ro, "An");
    let k1 = ro.columns()[1];
    assert!(!ro.can_change(an));
    assert_eq!(ro.apply(an, k1).unwrap_err(), DomainError::ReadOnly);
    ro.data.campaign.open = false;
    assert!(matches!(ro.apply(an, k1).unwrap_err(), DomainError::CampaignClosed(_)));
}

#[test]
fn search_ignores_case_and_diacritics_and_filters_combine() {
    let b = board();
    let f = Filter { text: "cuong".into(), ..Filter::default() };
    assert_eq!(b.cards(Column::Source, &f), vec![id(&b, "Cường")]);
    let f = Filter { leaders_only: true, ..Filter::default() };
    assert_eq!(b.cards(Column::Source, &f), vec![id(&b, "Bình")]);
    let f = Filter { job: Some(JobCategory::Official), ..Filter::default() };
    assert!(b.cards(Column::Source, &f).is_empty());
}

#[test]
fn suggestions_cover_members_with_a_branch_in_their_hamlet() {
    let b = board();
    let s = b.suggestions();
    assert_eq!(s.len(), 2, "Cường lives in a hamlet without a branch");
    for (m, branch) in s {
        assert_eq!(Some(branch), b.home(b.member(m).unwrap()));
    }
}

#[test]
fn undo_reverses_a_batch_in_reverse_order() {
    let mut b = board();
    let moves: Vec<Move> = b.suggestions().into_iter().map(|(m, br)| b.apply(m, Column::Branch(br)).unwrap().0).collect();
    let undo = UndoEntry { label: "Gợi ý".into(), moves: moves.clone() };
    let inverse = undo.inverse();
    assert_eq!(inverse.len(), 2);
    assert_eq!(inverse[0], (moves[1].member, Column::Source));
    for (m, c) in inverse {
        b.apply(m, c).unwrap();
    }
    assert_eq!(b.count(Column::Source), 3);
    assert_eq!(b.confirmable(), Vec::<MemberId>::new());
}

#[test]
fn keyboard_steps_stop_at_the_ends_and_cards_reorder_in_a_column() {
    let mut b = board();
    let k = KeyDrag { member: id(&b, "An"), origin: Column::Source, over: 0 };
    assert_eq!(k.step(Key::Left, 3).over, 0);
    assert_eq!(k.step(Key::Right, 3).step(Key::Right, 3).step(Key::Right, 3).over, 2);
    let an = id(&b, "An");
    assert_eq!(b.reposition(an, 1), Some((2, 3)));
    assert_eq!(b.cards(Column::Source, &Filter::default())[1], an);
    assert_eq!(b.reposition(an, 5), None);
}

#[test]
fn a_reload_shows_the_newest_line_with_the_devices_pending_changes_on_top() {
    use crate::sync::ops::MoveMember;
    let mut b = board();
    let (an, binh) = (id(&b, "An"), id(&b, "Bình"));
    let (k1, k2) = (b.columns()[1].target(), b.columns()[2].target());
    let campaign_id = b.data.campaign.id;
    let line = |member, target, version| PlanEntry { campaign_id, member_id: member, target, confirmed: false, version };
    // The page came with Bình in Khóm 1 (v1); the device has since pulled v2 (Khóm 2).
    b.data.plans = vec![line(binh, k1, 1)];
    let mut replica = crate::sync::replica::Replica::new(uuid::Uuid::now_v7());
    // An unsent move of An, made offline on this device.
    replica.enqueue(&MoveMember { campaign_id, member_id: an, target_branch_id: k2 }.into(), Some(0), 0);
    assert!(b.rebase(vec![line(binh, k2, 2), line(an, None, 0)], replica.pending()));
    assert_eq!(b.target(binh), k2);
    assert_eq!((b.target(an), b.version(an)), (k2, 1));
    assert_eq!(b.count(Column::Source), 1);
    // The same again changes nothing; an older line from the base does not win.
    assert!(!b.rebase(vec![line(binh, k2, 2)], replica.pending()));
    assert!(!b.rebase(vec![line(binh, k2, 2), line(binh, k1, 1)], replica.pending()));
    // Once the server refused the move (it left the outbox), An is back where the server has him.
    replica.outbox.clear();
    assert!(b.rebase(vec![line(binh, k2, 2)], replica.pending()));
    assert_eq!(b.target(an), None);
}

#[test]
fn a_branch_founded_while_the_board_is_open_becomes_the_last_column_and_a_home() {
    let mut b = board();
    let before = b.columns();
    let cuong = id(&b, "Cường");
    let hamlet = b.member(cuong).unwrap().residence_id;
    assert_eq!(b.home(b.member(cuong).unwrap()), None, "no branch for his hamlet yet");
    let commune = b.data.commune_id;
    let founded = Branch {
        id: BranchId::new(),
        name: "Chi bộ Ấp An Hòa".into(),
        kind: BranchKind::Residential,
        unit_id: hamlet,
        commune_id: Some(commune),
        hamlet_id: Some(hamlet),
        dissolved: None,
        version: 1,
    };
    let elsewhere = Branch { id: BranchId::new(), commune_id: Some(UnitId::new()), ..founded.clone() };
    let agency = Branch { id: BranchId::new(), kind: BranchKind::Agency, unit_id: commune, hamlet_id: None, ..founded.clone() };
    assert!(b.add_branches(&[founded.clone(), elsewhere, agency], &[(hamlet, "Ấp An Hòa".into())]));
    let after = b.columns();
    assert_eq!(&after[..before.len()], &before[..], "no column moves");
    assert_eq!(after.len(), before.len() + 1, "only this commune's residential branch");
    assert_eq!(b.column_title(after[before.len()]), "Chi bộ Ấp An Hòa");
    assert_eq!(b.hamlet_name(hamlet), "Ấp An Hòa");
    assert_eq!(b.home(b.member(cuong).unwrap()), Some(founded.id));
    assert!(b.suggestions().contains(&(cuong, founded.id)));
    assert!(!b.add_branches(&[founded], &[]), "a branch already there changes nothing");
}
