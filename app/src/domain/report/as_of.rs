//! The records as the tree stood on an earlier day: the report of a past wave reads the communes
//! that existed then (the nine units of 2019 after the 2025 merges), computed from the same live
//! records regrouped — each member in the commune of their hamlet that day, each branch in the
//! commune of its unit that day.

use super::super::branch::{Branch, COMMUNE_LEVEL};
use super::super::date::Date;
use super::super::ids::UnitId;
use super::super::member::Member;
use super::super::org::OrgTree;

/// The communes (level 1) that existed on `date`, with the names they bore then.
pub fn communes_on(tree: &OrgTree, date: Date) -> Vec<(UnitId, String)> {
    let mut communes: Vec<(UnitId, String)> = tree
        .units
        .iter()
        .filter(|u| u.is_valid_on(date) && tree.level_of(u.id) == Some(COMMUNE_LEVEL))
        .map(|u| (u.id, tree.name_on(u.id, date).unwrap_or(&u.name).to_string()))
        .collect();
    communes.sort_by_cached_key(|(_, name)| super::super::text::text_sort_key(name));
    communes
}

/// Branches and members placed in the communes of `date`. A record whose hamlet or unit was not
/// in any commune that day (added later) keeps its commune of today.
pub fn regroup(tree: &OrgTree, date: Date, branches: &[Branch], members: &[Member]) -> (Vec<Branch>, Vec<Member>) {
    let commune_of = |unit: UnitId| tree.ancestor_at_level(unit, COMMUNE_LEVEL, date);
    let branches = branches
        .iter()
        .map(|b| match b.commune_id {
            Some(today) => Branch { commune_id: Some(commune_of(b.unit_id).unwrap_or(today)), ..b.clone() },
            None => b.clone(),
        })
        .collect();
    let members = members.iter().map(|m| Member { commune_id: commune_of(m.residence_id).unwrap_or(m.commune_id), ..m.clone() }).collect();
    (branches, members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::branch::BranchKind;
    use crate::domain::branch::tests::branch;
    use crate::domain::member::tests::member;
    use crate::domain::org::{MergeDraft, OrgUnit, ParentLink, Rename, UnitType};

    fn d(s: &str) -> Date {
        Date::parse_vn(s).unwrap()
    }

    #[test]
    fn after_a_merge_the_day_of_the_report_still_has_its_old_communes() {
        let since = d("01/01/2000");
        let unit = |code: &str, name: &str| OrgUnit {
            id: UnitId::new(),
            type_code: code.into(),
            name: name.into(),
            valid_from: since,
            valid_to: None,
        };
        let (district, a, b, ha, hb) = (
            unit("district", "Tân Hồng"),
            unit("commune", "Sa Rài"),
            unit("commune", "Bình Phú"),
            unit("hamlet", "Khóm 1"),
            unit("hamlet", "Ấp Bình Hòa"),
        );
        let link = |c: &OrgUnit, p: &OrgUnit| ParentLink { child: c.id, parent: p.id, valid_from: since, valid_to: None };
        let mut tree = OrgTree {
            types: vec![
                UnitType { code: "district".into(), name: "Huyện".into(), level: 0 },
                UnitType { code: "commune".into(), name: "Xã".into(), level: 1 },
                UnitType { code: "hamlet".into(), name: "Ấp".into(), level: 2 },
            ],
            links: vec![link(&a, &district), link(&b, &district), link(&ha, &a), link(&hb, &b)],
            units: vec![district.clone(), a.clone(), b.clone(), ha.clone(), hb.clone()],
            renames: vec![Rename { unit: b.id, on: d("01/01/2020"), former_name: "Bình Phú Cũ".into() }],
        };
        let new = UnitId::new();
        let draft = MergeDraft {
            sources: vec![a.id, b.id],
            type_code: "commune".into(),
            name: "Tân Hồng".into(),
            on: d("01/07/2025"),
            parent_id: None,
            decision_no: "1".into(),
        };
        tree.apply_merge(&tree.plan_merge(&draft, new, d("03/12/2026")).unwrap());

        // Today both members and both branches are the new commune's.
        let agency = Branch { unit_id: b.id, ..branch(BranchKind::Agency, new, None) };
        let residential = branch(BranchKind::Residential, new, Some(ha.id));
        let police = Branch { commune_id: None, unit_id: district.id, ..branch(BranchKind::Agency, new, None) };
        let m1 = Member { commune_id: new, residence_id: ha.id, ..member() };
        let m2 = Member { commune_id: new, residence_id: hb.id, ..member() };
        let (branches, members) = regroup(&tree, d("20/01/2019"), &[agency, residential, police], &[m1, m2]);
        assert_eq!(branches.iter().map(|b| b.commune_id).collect::<Vec<_>>(), vec![Some(b.id), Some(a.id), None]);
        assert_eq!(members.iter().map(|m| m.commune_id).collect::<Vec<_>>(), vec![a.id, b.id]);
        let (_, members) = regroup(&tree, d("01/08/2025"), &[], &members);
        assert_eq!(members.iter().map(|m| m.commune_id).collect::<Vec<_>>(), vec![new, new], "after the merge, the new commune");

        assert_eq!(communes_on(&tree, d("20/01/2019")), vec![(b.id, "Bình Phú Cũ".to_string()), (a.id, "Sa Rài".to_string())]);
        assert_eq!(communes_on(&tree, d("01/08/2025")), vec![(new, "Tân Hồng".to_string())]);
    }
}
