//! Attachments (*bilagor*): what is known of an uploaded file before it is kept: its kind
//! (PDF, PNG or JPEG, from the declared type *and* the file's own first bytes), a file name
//! made safe to show, and its size within the limit.

use underlag_domain::free_text::is_forbidden;

/// The largest attachment accepted, in bytes (5 MiB).
pub const MAX_ATTACHMENT_BYTES: usize = 5 * 1024 * 1024;

/// At most this many attachments per application.
pub const MAX_ATTACHMENTS: usize = 5;

/// The longest file name kept, in characters.
const MAX_FILE_NAME_CHARS: usize = 120;

/// A kind of file accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    /// `application/pdf`.
    Pdf,
    /// `image/png`.
    Png,
    /// `image/jpeg`.
    Jpeg,
}

impl AttachmentKind {
    /// Every kind.
    pub const ALL: [AttachmentKind; 3] = [
        AttachmentKind::Pdf,
        AttachmentKind::Png,
        AttachmentKind::Jpeg,
    ];

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "application/pdf",
            AttachmentKind::Png => "image/png",
            AttachmentKind::Jpeg => "image/jpeg",
        }
    }

    /// A short Swedish label.
    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::Pdf => "PDF",
            AttachmentKind::Png => "PNG-bild",
            AttachmentKind::Jpeg => "JPEG-bild",
        }
    }

    /// The kind a media type names (parameters ignored).
    pub fn from_content_type(content_type: &str) -> Option<Self> {
        let essence = content_type.split(';').next().unwrap_or("").trim();
        let essence = essence.to_ascii_lowercase();
        let essence = if essence == "image/jpg" {
            "image/jpeg"
        } else {
            essence.as_str()
        };
        Self::ALL.into_iter().find(|k| k.content_type() == essence)
    }

    /// Whether `bytes` start as a file of this kind does.
    pub fn matches(self, bytes: &[u8]) -> bool {
        match self {
            AttachmentKind::Pdf => bytes.starts_with(b"%PDF-"),
            AttachmentKind::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            AttachmentKind::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
        }
    }
}

/// Why a file was not accepted; each with a Swedish sentence for the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AttachmentError {
    /// No file was chosen, or it was empty.
    #[error("the file is empty")]
    Empty,
    /// Larger than [`MAX_ATTACHMENT_BYTES`].
    #[error("the file is too large")]
    TooLarge,
    /// Not a PDF, PNG or JPEG, or its contents do not match its type.
    #[error("the file type is not accepted")]
    WrongType,
    /// The application has [`MAX_ATTACHMENTS`] already.
    #[error("too many attachments")]
    TooMany,
}

impl AttachmentError {
    /// The Swedish sentence shown to the applicant.
    pub fn message(self) -> &'static str {
        match self {
            AttachmentError::Empty => "Välj en fil att bifoga. Filen får inte vara tom.",
            AttachmentError::TooLarge => "Filen är för stor. En bilaga får vara högst 5 MB.",
            AttachmentError::WrongType => {
                "Filtypen kan inte tas emot. Bifoga en PDF, PNG- eller JPEG-fil."
            }
            AttachmentError::TooMany => "Du kan bifoga högst 5 filer till en ansökan.",
        }
    }
}

/// An accepted attachment's description (its bytes are kept beside it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    /// Its id (a UUID).
    pub id: String,
    /// The file name, safe to show (no path, no control characters, at most 120 characters).
    pub file_name: String,
    /// What kind of file.
    pub kind: AttachmentKind,
    /// Its size in bytes.
    pub size: u64,
}

impl AttachmentMeta {
    /// Checks an uploaded file: `declared_type` is the upload's media type, `already` how many
    /// attachments the application holds.
    pub fn accept(
        id: String,
        file_name: &str,
        declared_type: &str,
        bytes: &[u8],
        already: usize,
    ) -> Result<Self, AttachmentError> {
        if already >= MAX_ATTACHMENTS {
            return Err(AttachmentError::TooMany);
        }
        if bytes.is_empty() {
            return Err(AttachmentError::Empty);
        }
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(AttachmentError::TooLarge);
        }
        let kind = AttachmentKind::from_content_type(declared_type)
            .filter(|k| k.matches(bytes))
            .ok_or(AttachmentError::WrongType)?;
        Ok(Self {
            id,
            file_name: safe_file_name(file_name, kind),
            kind,
            size: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
        })
    }

    /// The size in Swedish, e.g. `12 kB`.
    pub fn size_label(&self) -> String {
        if self.size < 1024 {
            format!("{} byte", self.size)
        } else if self.size < 1024 * 1024 {
            format!("{} kB", self.size.div_ceil(1024))
        } else {
            format!("{:.1} MB", self.size as f64 / (1024.0 * 1024.0)).replace('.', ",")
        }
    }
}

/// The last path component of `name`, without control or bidirectional characters, cut to
/// 120 characters; a name that is left empty becomes `bilaga` with the kind's extension.
pub fn safe_file_name(name: &str, kind: AttachmentKind) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !is_forbidden(*c))
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '.') {
        let extension = match kind {
            AttachmentKind::Pdf => "pdf",
            AttachmentKind::Png => "png",
            AttachmentKind::Jpeg => "jpg",
        };
        format!("bilaga.{extension}")
    } else {
        cleaned.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_is_accepted_with_a_safe_name() {
        let meta = AttachmentMeta::accept(
            "a".into(),
            "C:\\Users\\x\\kontoutdrag\u{202E}.pdf",
            "application/pdf",
            b"%PDF-1.4 hello",
            0,
        )
        .unwrap();
        assert_eq!(meta.kind, AttachmentKind::Pdf);
        assert_eq!(meta.file_name, "kontoutdrag.pdf");
        assert_eq!(meta.size, 14);
    }

    #[test]
    fn the_contents_must_match_the_declared_type() {
        let err = AttachmentMeta::accept("a".into(), "x.pdf", "application/pdf", b"MZ", 0);
        assert_eq!(err, Err(AttachmentError::WrongType));
        let err =
            AttachmentMeta::accept("a".into(), "x.exe", "application/x-msdownload", b"%PDF-", 0);
        assert_eq!(err, Err(AttachmentError::WrongType));
    }

    #[test]
    fn limits_are_enforced() {
        let big = vec![0xFF; MAX_ATTACHMENT_BYTES + 1];
        assert_eq!(
            AttachmentMeta::accept("a".into(), "x.jpg", "image/jpeg", &big, 0),
            Err(AttachmentError::TooLarge)
        );
        assert_eq!(
            AttachmentMeta::accept("a".into(), "x.jpg", "image/jpeg", &[], 0),
            Err(AttachmentError::Empty)
        );
        assert_eq!(
            AttachmentMeta::accept("a".into(), "x.jpg", "image/jpeg", &[0xFF, 0xD8, 0xFF], 5),
            Err(AttachmentError::TooMany)
        );
        assert_eq!(safe_file_name("../..", AttachmentKind::Png), "bilaga.png");
    }
}
