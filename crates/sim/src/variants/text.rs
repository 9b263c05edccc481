//! Text surgery on answers without parsing them (so every other byte stays as the agency
//! wrote it): decoding UTF-8 or UTF-16, an element's start tag and text, removing an element,
//! rewriting dates, and the documents carried in Skatteverket's and CSN's `svar`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

/// The body as text, and whether it was UTF-16 (little-endian with a byte-order mark).
pub(super) fn decode(body: &[u8]) -> Option<(String, bool)> {
    if let Some(rest) = body.strip_prefix(&[0xFF, 0xFE]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16(&units).ok().map(|t| (t, true));
    }
    std::str::from_utf8(body)
        .ok()
        .map(|t| (t.to_owned(), false))
}

pub(super) fn encode(text: &str, utf16: bool) -> Vec<u8> {
    if !utf16 {
        return text.as_bytes().to_vec();
    }
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// Applies `f` to the base64 document in the first `svar` element.
pub(super) fn map_base64_svar(
    text: &str,
    f: impl FnOnce(&str) -> Option<String>,
) -> Option<String> {
    let (start, end) = element_text_range(text, "svar")?;
    let inner = String::from_utf8(STANDARD.decode(text[start..end].trim()).ok()?).ok()?;
    let changed = f(&inner)?;
    Some(format!(
        "{}{}{}",
        &text[..start],
        STANDARD.encode(changed),
        &text[end..]
    ))
}

/// Applies `f` to the XML-escaped document in the first `svar` element.
pub(super) fn map_escaped_svar(
    text: &str,
    f: impl FnOnce(&str) -> Option<String>,
) -> Option<String> {
    let (start, end) = element_text_range(text, "svar")?;
    let inner = text[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&");
    let changed = f(&inner)?
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Some(format!("{}{changed}{}", &text[..start], &text[end..]))
}

/// Where the start tag of the first element named `local` (any prefix) begins and ends.
fn start_tag(text: &str, local: &str) -> Option<(usize, usize, String)> {
    let mut from = 0;
    while let Some(found) = text[from..].find('<') {
        let open = from + found;
        let rest = &text[open + 1..];
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let qname = &rest[..name_end];
        let matches = qname == local || qname.rsplit_once(':').is_some_and(|(_, l)| l == local);
        if matches && !qname.starts_with('/') {
            let close = open + 1 + rest.find('>')?;
            return Some((open, close + 1, qname.to_owned()));
        }
        from = open + 1;
    }
    None
}

/// The text range of the first element named `local`'s content (up to its first child or end).
fn element_text_range(text: &str, local: &str) -> Option<(usize, usize)> {
    let (_, content_start, _) = start_tag(text, local)?;
    let len = text[content_start..].find('<')?;
    Some((content_start, content_start + len))
}

pub(super) fn replace_element_text(text: &str, local: &str, value: &str) -> Option<String> {
    let (start, end) = element_text_range(text, local)?;
    Some(format!("{}{value}{}", &text[..start], &text[end..]))
}

/// The first element named `local` with its attribute `name="…"` set to `value`.
pub(super) fn replace_attribute_value(
    text: &str,
    local: &str,
    name: &str,
    value: &str,
) -> Option<String> {
    let (open, close, _) = start_tag(text, local)?;
    let marker = format!(" {name}=\"");
    let start = open + text[open..close].find(&marker)? + marker.len();
    let end = start + text[start..close].find('"')?;
    Some(format!("{}{value}{}", &text[..start], &text[end..]))
}

pub(super) fn remove_element(text: &str, local: &str) -> Option<String> {
    let (open, content_start, qname) = start_tag(text, local)?;
    if text[..content_start].ends_with("/>") {
        return Some(format!("{}{}", &text[..open], &text[content_start..]));
    }
    let closing = format!("</{qname}>");
    let end = content_start + text[content_start..].find(&closing)? + closing.len();
    Some(format!("{}{}", &text[..open], &text[end..]))
}

/// `yyyy-mm-dd` → `dd.mm.yyyy`, everywhere.
pub(super) fn rewrite_iso_dates(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let window = bytes.get(i..i + 10);
        let is_date = window.is_some_and(|w| {
            w.iter().enumerate().all(|(k, b)| match k {
                4 | 7 => *b == b'-',
                _ => b.is_ascii_digit(),
            })
        }) && (i == 0 || !bytes[i - 1].is_ascii_digit())
            && bytes.get(i + 10).is_none_or(|b| !b.is_ascii_digit());
        if is_date {
            let d = &text[i..i + 10];
            out.push_str(&format!("{}.{}.{}", &d[8..10], &d[5..7], &d[..4]));
            i += 10;
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Element text of exactly eight digits starting 19 or 20 (CSN's `yyyymmdd`) → `dd.mm.yyyy`.
pub(super) fn rewrite_compact_dates(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find('>') {
        out.push_str(&rest[..=pos]);
        rest = &rest[pos + 1..];
        let value_len = rest.find('<').unwrap_or(0);
        let value = &rest[..value_len];
        if value.len() == 8
            && value.bytes().all(|b| b.is_ascii_digit())
            && (value.starts_with("19") || value.starts_with("20"))
        {
            out.push_str(&format!(
                "{}.{}.{}",
                &value[6..8],
                &value[4..6],
                &value[..4]
            ));
            rest = &rest[value_len..];
        }
    }
    out.push_str(rest);
    out
}
