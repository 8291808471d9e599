//! The report's tables as files: CSV (UTF-8 with a byte-order mark, which Excel needs to read
//! Vietnamese) and XLSX (Office Open XML, one sheet per table, written as a stored ZIP archive).

use crate::domain::report::Table;

/// One CSV field, quoted when it holds a separator, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text.to_string() }
}

/// The tables one after another: a title line, the header, the rows, an empty line.
pub fn csv(title: &str, tables: &[Table]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        out.push_str(&cells.map(csv_field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&mut out, &mut std::iter::once(title));
    for t in tables {
        out.push_str("\r\n");
        line(&mut out, &mut std::iter::once(t.title.as_str()));
        line(&mut out, &mut t.headers.iter().map(String::as_str));
        for r in &t.rows {
            line(&mut out, &mut r.iter().map(String::as_str));
        }
    }
    out.into_bytes()
}

fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// A cell: a number when the text is a whole number (so that the sheet can add them up), else
/// an inline string.
fn cell(reference: &str, text: &str) -> String {
    if !text.is_empty() && text.len() < 15 && text.bytes().all(|b| b.is_ascii_digit()) && !(text.len() > 1 && text.starts_with('0')) {
        format!(r#"<c r="{reference}"><v>{text}</v></c>"#)
    } else {
        format!(r#"<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#, xml_escape(text))
    }
}

fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn sheet(table: &Table) -> String {
    let mut rows = String::new();
    let lines = std::iter::once(vec![table.title.clone()]).chain(std::iter::once(table.headers.clone())).chain(table.rows.iter().cloned());
    for (r, cells) in lines.enumerate() {
        rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, text) in cells.iter().enumerate() {
            rows.push_str(&cell(&format!("{}{}", column_name(c), r + 1), text));
        }
        rows.push_str("</row>");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A sheet name: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str, index: usize) -> String {
    let clean: String = title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
    format!("{} {}", index + 1, clean.trim())
}

/// The workbook: one sheet per table.
pub fn xlsx(tables: &[Table]) -> Vec<u8> {
    let mut files: Vec<(String, String)> = Vec::new();
    let sheets: String = (1..=tables.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    files.push((
        "[Content_Types].xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>"#
        ),
    ));
    files.push((
        "_rels/.rels".into(),
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into(),
    ));
    let names: String = tables
        .iter()
        .enumerate()
        .map(|(i, t)| format!(r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#, xml_escape(&sheet_name(&t.title, i)), i + 1, i + 1))
        .collect();
    files.push((
        "xl/workbook.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{names}</sheets></workbook>"#
        ),
    ));
    let rels: String = (1..=tables.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    files.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
    ));
    for (i, t) in tables.iter().enumerate() {
        files.push((format!("xl/worksheets/sheet{}.xml", i + 1), sheet(t)));
    }
    zip_stored(&files)
}

/// A ZIP archive of these files, stored without compression (the tables are small).
fn zip_stored(files: &[(String, String)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in files {
        let data = content.as_bytes();
        let crc = crc32fast::hash(data);
        let offset = out.len() as u32;
        let size = data.len() as u32;
        // Local file header: version 2.0, UTF-8 names (bit 11), stored, dated 1/1/1980.
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&[20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&size.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&[20, 0, 20, 0, 0, 8, 0, 0, 0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&size.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 12]);
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = out.len() as u32;
    let central_size = central.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&(files.len() as u16).to_le_bytes());
    out.extend_from_slice(&central_size.to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[cfg(test)]
mod tests {
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
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("\"Xã, thị trấn\",Đã chuyển\r\n"));
        assert!(text.contains("Sa Rài,42\r\n"));
        assert!(text.contains("\"Toàn huyện \"\"A\"\" <b>\",0285\r\n"));
    }

    /// Reads the archive back by its central directory: every entry's name, and its data checked
    /// against the CRC the directory records.
    fn entries(zip: &[u8]) -> Vec<(String, String)> {
        let u16_at = |i: usize| u16::from_le_bytes([zip[i], zip[i + 1]]) as usize;
        let u32_at = |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
        let end = zip.len() - 22;
        assert_eq!(u32_at(end), 0x0605_4b50);
        let (count, mut at) = (u16_at(end + 10), u32_at(end + 16));
        let mut out = Vec::new();
        for _ in 0..count {
            assert_eq!(u32_at(at), 0x0201_4b50);
            let (crc, size, name_len, local) = (u32_at(at + 16), u32_at(at + 20), u16_at(at + 28), u32_at(at + 42));
            let name = String::from_utf8(zip[at + 46..at + 46 + name_len].to_vec()).unwrap();
            assert_eq!(u32_at(local), 0x0403_4b50);
            let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
            let data = &zip[start..start + size];
            assert_eq!(crc32fast::hash(data) as usize, crc, "{name}");
            out.push((name, String::from_utf8(data.to_vec()).unwrap()));
            at += 46 + name_len;
        }
        out
    }

    #[test]
    fn the_workbook_has_one_sheet_per_table_with_numbers_as_numbers() {
        let files = entries(&xlsx(&[table(), table()]));
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "[Content_Types].xml",
                "_rels/.rels",
                "xl/workbook.xml",
                "xl/_rels/workbook.xml.rels",
                "xl/worksheets/sheet1.xml",
                "xl/worksheets/sheet2.xml"
            ]
        );
        let workbook = &files[2].1;
        assert!(workbook.contains(r#"<sheet name="1 Kết quả chuyển sinh hoạt" sheetId="1" r:id="rId1"/>"#), "{workbook}");
        let sheet = &files[4].1;
        assert!(sheet.contains(r#"<c r="B3"><v>42</v></c>"#), "{sheet}");
        assert!(sheet.contains("Toàn huyện &quot;A&quot; &lt;b&gt;"), "{sheet}");
        assert!(sheet.contains(r#"<c r="B4" t="inlineStr"><is><t xml:space="preserve">0285</t>"#), "a leading zero stays text");
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }
}
