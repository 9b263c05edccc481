//! Why a TLS handshake was refused, classified from the error rustls reports, with a stable
//! code for logs and a clear English message.

use std::fmt;
use std::time::Duration;

use rustls::{AlertDescription, CertificateError, Error};

/// Why the listener refused a connection during the TLS handshake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandshakeRefusal {
    /// The client sent no certificate.
    NoCertificate,
    /// The client certificate is not issued by a trusted CA.
    UnknownIssuer,
    /// The client certificate (or one in its chain) has expired.
    Expired,
    /// The client certificate is not yet valid.
    NotYetValid,
    /// The client certificate is revoked by a configured CRL.
    Revoked,
    /// No configured CRL covers the client certificate's issuer (or the CRL has expired).
    RevocationStatusUnknown,
    /// The client certificate was refused for another reason.
    BadCertificate(String),
    /// The handshake did not complete in time.
    Timeout(Duration),
    /// The client refused our handshake (e.g. it does not trust the server certificate).
    ClientAlert(String),
    /// The client did not speak TLS (plain HTTP on the mTLS port, say).
    NotTls,
    /// Another TLS protocol error.
    Protocol(String),
    /// The connection failed or closed during the handshake.
    Io(String),
}

impl HandshakeRefusal {
    /// Classifies the error of a failed `TlsAcceptor::accept`.
    pub fn from_io(error: &std::io::Error) -> Self {
        match error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Error>())
        {
            Some(tls) => Self::from_tls(tls),
            None => HandshakeRefusal::Io(error.kind().to_string()),
        }
    }

    /// Classifies a rustls error.
    pub fn from_tls(error: &Error) -> Self {
        match error {
            Error::NoCertificatesPresented => HandshakeRefusal::NoCertificate,
            Error::InvalidCertificate(cert) => match cert {
                // A certificate whose signature does not verify against the trusted CA of its
                // issuer's name was issued by another CA of the same name (a second
                // `pki init`, say): not issued by a trusted CA.
                CertificateError::UnknownIssuer | CertificateError::BadSignature => {
                    HandshakeRefusal::UnknownIssuer
                }
                CertificateError::Expired | CertificateError::ExpiredContext { .. } => {
                    HandshakeRefusal::Expired
                }
                CertificateError::NotValidYet | CertificateError::NotValidYetContext { .. } => {
                    HandshakeRefusal::NotYetValid
                }
                CertificateError::Revoked => HandshakeRefusal::Revoked,
                CertificateError::UnknownRevocationStatus
                | CertificateError::ExpiredRevocationList
                | CertificateError::ExpiredRevocationListContext { .. } => {
                    HandshakeRefusal::RevocationStatusUnknown
                }
                other => HandshakeRefusal::BadCertificate(format!("{other:?}")),
            },
            Error::AlertReceived(alert) => HandshakeRefusal::ClientAlert(alert_name(*alert)),
            Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType) => {
                HandshakeRefusal::NotTls
            }
            other => HandshakeRefusal::Protocol(other.to_string()),
        }
    }

    /// A stable code for logs and metrics.
    pub fn code(&self) -> &'static str {
        match self {
            HandshakeRefusal::NoCertificate => "no_client_certificate",
            HandshakeRefusal::UnknownIssuer => "unknown_ca",
            HandshakeRefusal::Expired => "certificate_expired",
            HandshakeRefusal::NotYetValid => "certificate_not_yet_valid",
            HandshakeRefusal::Revoked => "certificate_revoked",
            HandshakeRefusal::RevocationStatusUnknown => "revocation_status_unknown",
            HandshakeRefusal::BadCertificate(_) => "bad_certificate",
            HandshakeRefusal::Timeout(_) => "handshake_timeout",
            HandshakeRefusal::ClientAlert(_) => "client_alert",
            HandshakeRefusal::NotTls => "not_tls",
            HandshakeRefusal::Protocol(_) => "protocol_error",
            HandshakeRefusal::Io(_) => "io_error",
        }
    }
}

fn alert_name(alert: AlertDescription) -> String {
    format!("{alert:?}")
}

impl fmt::Display for HandshakeRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HandshakeRefusal::NoCertificate => {
                f.write_str("the client presented no certificate (a client certificate is required)")
            }
            HandshakeRefusal::UnknownIssuer => {
                f.write_str("the client certificate is not issued by a trusted CA")
            }
            HandshakeRefusal::Expired => f.write_str("the client certificate has expired"),
            HandshakeRefusal::NotYetValid => f.write_str("the client certificate is not yet valid"),
            HandshakeRefusal::Revoked => {
                f.write_str("the client certificate is revoked (listed in a configured CRL)")
            }
            HandshakeRefusal::RevocationStatusUnknown => f.write_str(
                "the revocation status of the client certificate is unknown (no valid CRL from its issuer)",
            ),
            HandshakeRefusal::BadCertificate(why) => {
                write!(f, "the client certificate was refused: {why}")
            }
            HandshakeRefusal::Timeout(limit) => write!(
                f,
                "the TLS handshake did not complete within {} ms",
                limit.as_millis()
            ),
            HandshakeRefusal::ClientAlert(alert) => {
                write!(f, "the client aborted the handshake with alert {alert}")
            }
            HandshakeRefusal::NotTls => {
                f.write_str("the client did not speak TLS (plain HTTP to the mTLS port?)")
            }
            HandshakeRefusal::Protocol(why) => write!(f, "TLS protocol error: {why}"),
            HandshakeRefusal::Io(why) => write!(f, "the connection failed during the handshake: {why}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_errors_are_classified() {
        let io = |e: Error| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        assert_eq!(
            HandshakeRefusal::from_io(&io(Error::NoCertificatesPresented)).code(),
            "no_client_certificate"
        );
        assert_eq!(
            HandshakeRefusal::from_io(&io(Error::InvalidCertificate(CertificateError::Revoked))),
            HandshakeRefusal::Revoked
        );
        assert_eq!(
            HandshakeRefusal::from_io(&io(Error::InvalidCertificate(
                CertificateError::UnknownIssuer
            ))),
            HandshakeRefusal::UnknownIssuer
        );
        assert_eq!(
            HandshakeRefusal::from_io(&std::io::Error::from(std::io::ErrorKind::UnexpectedEof))
                .code(),
            "io_error"
        );
        assert!(
            HandshakeRefusal::Timeout(Duration::from_millis(250))
                .to_string()
                .contains("250 ms")
        );
    }
}
