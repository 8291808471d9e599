//! Reading the member list a commune office uploads, as it keeps it: an Excel workbook (XLSX,
//! XLS) or an OpenDocument sheet through `calamine`, or a CSV file (UTF-8, comma or semicolon)
//! through `csv`. The first sheet is read; its first non-empty row is the header; every text is
//! put in Unicode NFC (a name typed on a Mac arrives decomposed). The template the offices can
//! fill in is written here too.

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_normalization::UnicodeNormalization;

use crate::domain::import::{Cell, Column};

/// A sheet read: its header and its rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// At most this many rows are read (a commune's list is a few hundred).
pub const MAX_ROWS: usize = 20_000;

fn nfc(text: &str) -> String {
    text.trim().nfc().collect()
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) => Cell::Text(nfc(s)),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(d) => Cell::Number(d.as_f64().floor()),
        // "2019-01-20T00:00:00": the day.
        Data::DateTimeIso(s) => Cell::Text(s.chars().take(10).collect()),
        Data::DurationIso(_) | Data::Error(_) | Data::Empty => Cell::Empty,
    }
}

/// Splits the rows read into the header (the first row with anything in it) and the rest.
fn sheet_of(rows: Vec<Vec<Cell>>) -> Result<Sheet, String> {
    let mut rows = rows.into_iter().skip_while(|r| r.iter().all(|c| c.text().is_empty()));
    let headers: Vec<String> = rows.next().ok_or("Tệp không có dữ liệu.")?.iter().map(Cell::text).collect();
    let rows: Vec<Vec<Cell>> = rows.take(MAX_ROWS + 1).collect();
    if rows.len() > MAX_ROWS {
        return Err(format!("Tệp có hơn {MAX_ROWS} dòng; hãy chia thành nhiều tệp."));
    }
    Ok(Sheet { headers, rows })
}

fn workbook(bytes: &[u8]) -> Result<Sheet, String> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|_| "Không đọc được tệp Excel này; hãy lưu lại dưới dạng .xlsx rồi thử lại.".to_string())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or("Tệp Excel không có trang tính nào.")?
        .map_err(|_| "Không đọc được trang tính đầu tiên của tệp.".to_string())?;
    sheet_of(range.rows().map(|r| r.iter().map(cell).collect()).collect())
}

fn csv_file(bytes: &[u8]) -> Result<Sheet, String> {
    let text =
        std::str::from_utf8(bytes).map_err(|_| "Tệp CSV không ở dạng UTF-8; trong Excel hãy chọn «CSV UTF-8» khi lưu.".to_string())?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or_default();
    let delimiter = if first.matches(';').count() > first.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("Tệp CSV lỗi ở dòng {}.", e.position().map_or(0, |p| p.line())))?;
        rows.push(record.iter().map(|f| if f.trim().is_empty() { Cell::Empty } else { Cell::Text(nfc(f)) }).collect());
        if rows.len() > MAX_ROWS + 1 {
            break;
        }
    }
    sheet_of(rows)
}

/// Reads an uploaded file: a workbook (by its first bytes: a ZIP package or an OLE file) or CSV.
pub fn read(bytes: &[u8]) -> Result<Sheet, String> {
    if bytes.is_empty() {
        return Err("Tệp rỗng.".into());
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) { workbook(bytes) } else { csv_file(bytes) }
}

/// A workbook whose first sheet holds the template's headers and these rows (as text).
fn list_book(rows: &[Vec<String>]) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("Danh sách đảng viên")?;
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(0, col, c.label(), &bold)?;
        sheet.set_column_width(col, 20)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (c, text) in cells.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            sheet.write_string(u32::try_from(r + 1).unwrap_or(u32::MAX), u16::try_from(c).unwrap_or(u16::MAX), text)?;
        }
    }
    Ok(book)
}

/// A commune's register in the template's columns.
pub fn register(rows: &[Vec<String>]) -> Vec<u8> {
    list_book(rows).and_then(|mut b| b.save_to_buffer()).unwrap_or_else(|e| {
        tracing::error!(error = %e, "writing the member register");
        Vec::new()
    })
}

fn template_book() -> Result<Vec<u8>, XlsxError> {
    let mut book = list_book(&[])?;
    let guide = book.add_worksheet();
    guide.set_name("Hướng dẫn")?;
    let lines = [
        "Mỗi dòng của trang «Danh sách đảng viên» là một đảng viên; có thể đổi thứ tự các cột.",
        "Bắt buộc: Họ và tên, Giới tính (Nam/Nữ), Ngày sinh, Số thẻ đảng viên, Ngày vào Đảng, Nơi cư trú (ấp, khóm), Chức vụ, công việc.",
        "Ngày: dd/mm/yyyy hoặc ô kiểu ngày của Excel.",
        "Nơi cư trú: tên ấp, khóm như trong cây tổ chức (ví dụ «Khóm 1», «Ấp Bình Hòa»).",
        "Chức vụ, công việc: cán bộ, công chức, người hoạt động không chuyên trách, công an xã không chính quy, khác.",
        "Cấp ủy viên, Lãnh đạo chủ chốt: đánh «x» nếu có.",
        "Có Ngày chính thức: đảng viên chính thức; để trống: dự bị.",
    ];
    for (i, line) in lines.iter().enumerate() {
        guide.write_string(u32::try_from(i).unwrap_or(u32::MAX), 0, *line)?;
    }
    guide.set_column_width(0, 110)?;
    book.save_to_buffer()
}

/// The template: the recognised headers on the first sheet, how to fill it in on the second.
pub fn template() -> Vec<u8> {
    template_book().unwrap_or_else(|e| {
        tracing::error!(error = %e, "writing the member list template");
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::date::Date;
    use crate::domain::ids::UnitId;
    use crate::domain::import::{Known, Place, map_columns, missing, read_rows};

    /// A member list as an office might keep it: its own column order, an Excel date, a text
    /// date, a name typed decomposed (NFD), a repeated row and an unknown hamlet.
    fn office_list() -> Vec<u8> {
        let mut book = Workbook::new();
        let s = book.add_worksheet();
        let date = Format::new().set_num_format("dd/mm/yyyy");
        let headers = ["STT", "Họ và tên", "Nơi cư trú", "Giới tính", "Ngày sinh", "Số thẻ đảng viên", "Ngày vào Đảng", "Chức vụ"];
        for (i, h) in headers.iter().enumerate() {
            s.write_string(1, i as u16, *h).unwrap();
        }
        let rows: [(&str, &str, &str, &str); 4] = [
            ("Tra\u{0302}\u{0300}n Thi\u{0323} Mai", "Khóm 1", "80.000001", "Công chức"),
            ("Lê Văn Tám", "Khóm 9", "80.000002", "Cán bộ"),
            ("Trần Thị Mai", "Khóm 1", "80.000001", "Công chức"),
            ("Ngô Văn Bảy", "khóm  2", "80.000003", "Không chuyên trách"),
        ];
        for (r, (name, hamlet, card, job)) in rows.iter().enumerate() {
            let row = r as u32 + 2;
            s.write_number(row, 0, (r + 1) as f64).unwrap();
            s.write_string(row, 1, *name).unwrap();
            s.write_string(row, 2, *hamlet).unwrap();
            s.write_string(row, 3, "Nam").unwrap();
            s.write_number_with_format(row, 4, 31_000.0, &date).unwrap();
            s.write_string(row, 5, *card).unwrap();
            s.write_string(row, 6, "20/01/2019").unwrap();
            s.write_string(row, 7, *job).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn an_offices_workbook_is_read_as_it_is() {
        let sheet = read(&office_list()).expect("a sheet");
        assert_eq!(sheet.headers[1], "Họ và tên", "the header is the first row with anything in it");
        assert_eq!(sheet.rows.len(), 4);
        assert_eq!(sheet.rows[0][1], Cell::Text("Trần Thị Mai".into()), "the decomposed name arrives composed");
        assert_eq!(sheet.rows[0][4], Cell::Number(31_000.0), "a date cell is its serial number");

        let map = map_columns(&sheet.headers, &[]);
        assert_eq!(missing(&map), Vec::<Column>::new());
        let (k1, k2) = (UnitId::new(), UnitId::new());
        let hamlets = [Place { id: k1, name: "Khóm 1".into() }, Place { id: k2, name: "Khóm 2".into() }];
        let read = read_rows(&sheet.rows, &map, UnitId::new(), &hamlets, &[] as &[Known], &[]);
        let mai = read[0].draft.as_ref().expect("Mai's record");
        assert_eq!((mai.full_name.as_str(), mai.residence_id), ("Trần Thị Mai", k1));
        assert_eq!(mai.birth_date, Date::from_days(31_000 - 25_569));
        assert_eq!(mai.joined_on, Date::parse_vn("20/01/2019").unwrap());
        assert!(read[1].errors.iter().any(|e| e.contains("Khóm 9")), "{:?}", read[1].errors);
        assert!(read[2].errors.iter().any(|e| e.contains("đã có ở một dòng trên")), "{:?}", read[2].errors);
        assert_eq!(read[3].draft.as_ref().map(|d| d.residence_id), Some(k2), "spacing and case aside");
    }

    #[test]
    fn a_csv_file_is_read_with_commas_or_semicolons_and_its_byte_order_mark() {
        let comma = read("\u{feff}Họ và tên,Ngày sinh\r\nLê Văn Tám,05/03/1985\r\n".as_bytes()).unwrap();
        assert_eq!(comma.headers, vec!["Họ và tên", "Ngày sinh"]);
        assert_eq!(comma.rows, vec![vec![Cell::Text("Lê Văn Tám".into()), Cell::Text("05/03/1985".into())]]);
        let semicolon = read("Họ và tên;Ấp\nLê Văn Tám;Khóm 1\n".as_bytes()).unwrap();
        assert_eq!(semicolon.rows[0][1], Cell::Text("Khóm 1".into()));
    }

    #[test]
    fn an_unreadable_file_says_what_to_do() {
        assert_eq!(read(b""), Err("Tệp rỗng.".into()));
        assert!(read(&[0xff, 0xfe, 0x00, 0x41]).unwrap_err().contains("UTF-8"));
        assert!(read(b"PK\x03\x04 not really a workbook").unwrap_err().contains(".xlsx"));
        assert_eq!(read(b"\n\n"), Err("Tệp không có dữ liệu.".into()));
    }

    #[test]
    fn the_template_has_every_recognised_header() {
        let sheet = read(&template()).expect("the template reads");
        assert!(missing(&map_columns(&sheet.headers, &[])).is_empty());
        assert_eq!(map_columns(&sheet.headers, &[]), Column::ALL.iter().map(|c| Some(*c)).collect::<Vec<_>>());
        assert!(sheet.rows.is_empty());
    }
}
