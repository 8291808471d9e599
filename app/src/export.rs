//! The report's tables as files: CSV (UTF-8 with a byte-order mark, which Excel needs to read
//! Vietnamese) and XLSX (one sheet per table, written by `rust_xlsxwriter`).

use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::domain::report::Table;

/// The tables one after another: a title line, the header, the rows, an empty line.
pub fn csv(title: &str, tables: &[Table]) -> Vec<u8> {
    let mut out = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(Vec::from("\u{feff}"));
    let mut lines: Vec<Vec<&str>> = vec![vec![title]];
    for t in tables {
        lines.push(vec![""]);
        lines.push(vec![t.title.as_str()]);
        lines.push(t.headers.iter().map(String::as_str).collect());
        lines.extend(t.rows.iter().map(|r| r.iter().map(String::as_str).collect()));
    }
    for line in lines {
        // Writing to memory does not fail.
        let _ = out.write_record(line.into_iter().map(|c| inert(c).into_owned()));
    }
    out.into_inner().unwrap_or_default()
}

/// A cell a spreadsheet will not run: text that starts like a formula (`=`, `+`, `@`, a tab or
/// a carriage return — a typed task or note may) gets a leading apostrophe.
fn inert(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '@', '\t', '\r']) { format!("'{cell}").into() } else { cell.into() }
}

/// A number when the text is a whole number without a leading zero (so that the sheet can add
/// them up); anything else stays text.
fn number(text: &str) -> Option<f64> {
    let whole = !text.is_empty() && text.len() < 15 && text.bytes().all(|b| b.is_ascii_digit());
    (whole && !(text.len() > 1 && text.starts_with('0'))).then(|| text.parse().ok()).flatten()
}

/// A sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str, index: usize) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\'".contains(*c)).take(27).collect();
    format!("{} {}", index + 1, clean.trim())
}

fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (i, t) in tables.iter().enumerate() {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name(&t.title, i))?;
        sheet.write_string_with_format(0, 0, &t.title, &bold)?;
        for (c, h) in t.headers.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(1, col, h, &bold)?;
            sheet.set_column_width(col, if c == 0 { 28 } else { 14 })?;
        }
        for (r, cells) in t.rows.iter().enumerate() {
            let row = u32::try_from(r + 2).unwrap_or(u32::MAX);
            for (c, text) in cells.iter().enumerate() {
                let col = u16::try_from(c).unwrap_or(u16::MAX);
                match number(text) {
                    Some(n) => sheet.write_number(row, col, n)?,
                    None => sheet.write_string(row, col, text)?,
                };
            }
        }
    }
    book.save_to_buffer()
}

/// The workbook: one sheet per table (empty if the library refuses, which the tables' sizes and
/// names never make it do; logged).
pub fn xlsx(tables: &[Table]) -> Vec<u8> {
    workbook(tables).unwrap_or_else(|e| {
        tracing::error!(error = %e, "writing the report's workbook");
        Vec::new()
    })
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

    use super::*;

    fn table() -> Table {
        Table {
            title: "Kết quả: chuyển sinh hoạt".into(),
            headers: vec!["Xã, thị trấn".into(), "Đã chuyển".into()],
            rows: vec![vec!["Sa Rài".into(), "42".into()], vec!["Toàn huyện \"A\" <b>".into(), "0285".into()]],
        }
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_starts_with_a_bom() {
        let text = String::from_utf8(csv("Báo cáo", &[table()])).unwrap();
        assert!(text.starts_with("\u{feff}Báo cáo\r\n"));
        assert!(text.contains("\"Xã, thị trấn\",Đã chuyển\r\n"));
        assert!(text.contains("Sa Rài,42\r\n"));
        assert!(text.contains("\"Toàn huyện \"\"A\"\" <b>\",0285\r\n"));
    }

    #[test]
    fn a_cell_that_looks_like_a_formula_is_kept_as_text() {
        let t = Table {
            title: "T".into(),
            headers: vec!["Nhiệm vụ".into()],
            rows: vec![vec!["=HYPERLINK(\"x\")".into()], vec!["@SUM(A1)".into()], vec!["— 5".into()]],
        };
        let text = String::from_utf8(csv("B", &[t])).unwrap();
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\"\r\n"), "{text}");
        assert!(text.contains("'@SUM(A1)\r\n"), "{text}");
        assert!(text.contains("\r\n— 5\r\n"), "{text}");
    }

    #[test]
    fn the_workbook_reads_back_with_one_sheet_per_table_and_numbers_as_numbers() {
        let bytes = xlsx(&[table(), table()]);
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("an XLSX workbook");
        assert_eq!(book.sheet_names(), vec!["1 Kết quả chuyển sinh hoạt", "2 Kết quả chuyển sinh hoạt"]);
        let range = book.worksheet_range("1 Kết quả chuyển sinh hoạt").expect("the first sheet");
        assert_eq!(range.get_value((0, 0)), Some(&Data::String("Kết quả: chuyển sinh hoạt".into())));
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("Xã, thị trấn".into())));
        assert_eq!(range.get_value((2, 1)), Some(&Data::Float(42.0)), "a whole number is a number");
        assert_eq!(range.get_value((3, 0)), Some(&Data::String("Toàn huyện \"A\" <b>".into())));
        assert_eq!(range.get_value((3, 1)), Some(&Data::String("0285".into())), "a leading zero stays text");
    }
}
