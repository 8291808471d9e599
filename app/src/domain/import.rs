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

mod register;
pub use register::{export_row, home_branch};

#[cfg(test)]
mod tests;
