//! Decoding response bodies to text: byte-order marks and the `charset` media-type parameter
//! (UTF-8, UTF-16 LE/BE as the a-kassor's BizTalk service sends, ISO-8859-1).

use std::fmt;

/// Why a body could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CharsetError {
    /// The declared or detected encoding is not one Underlag reads.
    Unsupported(String),
    /// The bytes are not valid in the encoding.
    Invalid(&'static str),
}

impl fmt::Display for CharsetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CharsetError::Unsupported(name) => write!(f, "unsupported character encoding '{name}'"),
            CharsetError::Invalid(encoding) => write!(f, "the body is not valid {encoding}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Latin1,
}

/// Decodes a body strictly. A byte-order mark wins over the `Content-Type` charset; without
/// either the body is read as UTF-8. The byte-order mark is not part of the result.
pub(crate) fn decode(body: &[u8], content_type: Option<&str>) -> Result<String, CharsetError> {
    let (encoding, rest) = detect(body, content_type)?;
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(rest)
            .map(str::to_owned)
            .map_err(|_| CharsetError::Invalid("UTF-8")),
        Encoding::Utf16Le => utf16(rest, u16::from_le_bytes, "UTF-16LE"),
        Encoding::Utf16Be => utf16(rest, u16::from_be_bytes, "UTF-16BE"),
        Encoding::Latin1 => Ok(rest.iter().map(|&b| char::from(b)).collect()),
    }
}

/// Decodes a body for keeping as the raw payload: like [`decode`], but invalid sequences
/// become U+FFFD and an unsupported charset falls back to lossy UTF-8. Never fails.
pub(crate) fn decode_lossy(body: &[u8], content_type: Option<&str>) -> String {
    match detect(body, content_type) {
        Ok((Encoding::Utf16Le, rest)) => utf16_lossy(rest, u16::from_le_bytes),
        Ok((Encoding::Utf16Be, rest)) => utf16_lossy(rest, u16::from_be_bytes),
        Ok((Encoding::Latin1, rest)) => rest.iter().map(|&b| char::from(b)).collect(),
        Ok((Encoding::Utf8, rest)) => String::from_utf8_lossy(rest).into_owned(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn detect<'b>(
    body: &'b [u8],
    content_type: Option<&str>,
) -> Result<(Encoding, &'b [u8]), CharsetError> {
    if let Some(rest) = body.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return Ok((Encoding::Utf8, rest));
    }
    if let Some(rest) = body.strip_prefix(&[0xFF, 0xFE]) {
        return Ok((Encoding::Utf16Le, rest));
    }
    if let Some(rest) = body.strip_prefix(&[0xFE, 0xFF]) {
        return Ok((Encoding::Utf16Be, rest));
    }
    if body.starts_with(&[b'<', 0, b'?', 0]) {
        return Ok((Encoding::Utf16Le, body));
    }
    if body.starts_with(&[0, b'<', 0, b'?']) {
        return Ok((Encoding::Utf16Be, body));
    }
    let Some(charset) = content_type
        .and_then(charset_param)
        .or_else(|| xml_declared_encoding(body))
    else {
        return Ok((Encoding::Utf8, body));
    };
    let encoding = match charset.as_str() {
        "utf-8" | "utf8" | "us-ascii" | "ascii" => Encoding::Utf8,
        "utf-16le" => Encoding::Utf16Le,
        "utf-16be" => Encoding::Utf16Be,
        // RFC 2781 says big-endian without a BOM, but Windows services write little-endian:
        // look at where the zero bytes of the ASCII markup fall.
        "utf-16" => {
            if body.len() >= 2 && body[0] == 0 && body[1] != 0 {
                Encoding::Utf16Be
            } else {
                Encoding::Utf16Le
            }
        }
        "iso-8859-1" | "latin1" | "latin-1" | "iso_8859-1" => Encoding::Latin1,
        other => return Err(CharsetError::Unsupported(other.chars().take(40).collect())),
    };
    Ok((encoding, body))
}

/// The lower-cased, unquoted `charset` parameter of a media type.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_ascii_lowercase())
    })
}

/// The `encoding` of an XML declaration at the very start of an 8-bit body, lower-cased.
fn xml_declared_encoding(body: &[u8]) -> Option<String> {
    let head = body.get(..body.len().min(200))?;
    let head = head.strip_prefix(b"<?xml")?;
    let end = head.windows(2).position(|w| w == b"?>")?;
    let declaration = std::str::from_utf8(&head[..end]).ok()?;
    let (_, after) = declaration.split_once("encoding")?;
    let after = after.trim_start().strip_prefix('=')?.trim_start();
    let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = after[1..].split(quote).next()?;
    Some(value.trim().to_ascii_lowercase())
}

fn utf16(
    bytes: &[u8],
    unit: fn([u8; 2]) -> u16,
    name: &'static str,
) -> Result<String, CharsetError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(CharsetError::Invalid(name));
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| CharsetError::Invalid(name))
}

fn utf16_lossy(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    if !bytes.len().is_multiple_of(2) {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut out = vec![0xFF, 0xFE];
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn bom_wins_over_the_declared_charset() {
        let body = utf16le_with_bom("<a>å</a>");
        assert_eq!(
            decode(&body, Some("text/xml; charset=utf-8")).unwrap(),
            "<a>å</a>"
        );
        assert_eq!(decode(&body, None).unwrap(), "<a>å</a>");
    }

    #[test]
    fn charset_parameter_without_bom() {
        let le: Vec<u8> = "<a/>".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = "<a/>".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(
            decode(&le, Some("text/xml; charset=\"UTF-16\"")).unwrap(),
            "<a/>"
        );
        assert_eq!(
            decode(&be, Some("text/xml; charset=utf-16")).unwrap(),
            "<a/>"
        );
        assert_eq!(
            decode(&be, Some("text/xml;charset=UTF-16BE")).unwrap(),
            "<a/>"
        );
        assert_eq!(
            decode(b"caf\xe9", Some("text/plain; charset=ISO-8859-1")).unwrap(),
            "café"
        );
        assert_eq!(
            decode("å".as_bytes(), Some("application/json")).unwrap(),
            "å"
        );
        let latin = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xe5</a>";
        assert_eq!(
            decode(latin, None).unwrap(),
            "<?xml version='1.0' encoding='ISO-8859-1'?><a>å</a>"
        );
        let declared = "<?xml version='1.0'?><a/>";
        let le_no_bom: Vec<u8> = declared.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&le_no_bom, None).unwrap(), declared);
    }

    #[test]
    fn invalid_bytes_are_refused_strictly_and_replaced_lossily() {
        assert_eq!(
            decode(b"\xff\xfe\x00", None),
            Err(CharsetError::Invalid("UTF-16LE"))
        );
        assert_eq!(
            decode(b"\xc3\x28", None),
            Err(CharsetError::Invalid("UTF-8"))
        );
        // An unpaired surrogate.
        assert!(decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], None).is_err());
        assert!(matches!(
            decode(b"x", Some("text/xml; charset=ebcdic")),
            Err(CharsetError::Unsupported(_))
        ));
        assert_eq!(decode_lossy(b"a\xc3\x28", None), "a\u{fffd}(");
        assert_eq!(
            decode_lossy(&[0xFF, 0xFE, 0x41, 0x00, 0x42], None),
            "A\u{fffd}"
        );
    }
}
