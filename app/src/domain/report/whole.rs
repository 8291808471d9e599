//! The report as a whole: who issues it, and the communes added up.

use super::CommuneFigures;

/// Who issues the report: the standing committee of the party committee of the whole
/// ("Ban Thường vụ Huyện ủy", "Ban Thường vụ Tỉnh ủy").
pub fn issuer(whole: &str) -> String {
    match whole {
        "huyện" | "tỉnh" => {
            let mut chars = whole.chars();
            let first: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
            format!("Ban Thường vụ {first}{} ủy", chars.as_str())
        }
        _ => "Ban Thường vụ".into(),
    }
}

/// Adds the communes up into the total of the whole (`whole`: "huyện", "tỉnh"), "Toàn …".
pub fn totals(rows: &[CommuneFigures], whole: &str) -> CommuneFigures {
    rows.iter().fold(CommuneFigures { commune_name: format!("Toàn {whole}"), ..Default::default() }, |mut t, r| {
        t.agency_branches += r.agency_branches;
        t.agency_dissolved += r.agency_dissolved;
        t.last_dissolved = t.last_dissolved.max(r.last_dissolved);
        t.members_moved += r.members_moved;
        t.residential_branches += r.residential_branches;
        t.moved_without_task += r.moved_without_task;
        t.leaders_without_task += r.leaders_without_task;
        t.pending += r.pending;
        t.low_attendance += r.low_attendance;
        t.never_contributing += r.never_contributing;
        t.present += r.present;
        t.attendance_rows += r.attendance_rows;
        for y in &r.ratings {
            match t.ratings.iter_mut().find(|x| x.year == y.year) {
                Some(x) => {
                    x.counts.iter_mut().zip(y.counts).for_each(|(a, b)| *a += b);
                    x.candidates += y.candidates;
                }
                None => t.ratings.push(y.clone()),
            }
        }
        t.ratings.sort_by_key(|y| y.year);
        for w in &r.waves {
            match t.waves.iter_mut().find(|x| x.campaign_id == w.campaign_id) {
                Some(x) => {
                    x.covered += w.covered;
                    x.moved += w.moved;
                    x.receiving_branches += w.receiving_branches;
                    x.last_effective = x.last_effective.max(w.last_effective);
                }
                None => t.waves.push(w.clone()),
            }
        }
        t
    })
}
