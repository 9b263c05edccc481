//! A small PKI made at run time with rcgen, for tests and for trying mTLS locally: a CA,
//! server certificates for loopback, organisation certificates (CN and O = the organisation's
//! name, serialNumber = its organisationsnummer), expired ones, and CRLs.
//!
//! Nothing here is meant for production, and nothing it makes is committed: every test makes
//! its own, so no fixture expires. [`write_dev_pki`] writes a set of files for
//! `underlag pki init`.

mod files;

use std::sync::atomic::{AtomicU64, Ordering};

use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CertifiedIssuer, DnType,
    DnValue, ExtendedKeyUsagePurpose, IsCa, KeyIdMethod, KeyPair, KeyUsagePurpose,
    RevocationReason, RevokedCertParams, SerialNumber,
};
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};
use underlag_domain::{CallerIdentity, Fingerprint};

pub use files::{DevPki, write_dev_pki};

use crate::TlsError;

/// The OID of the X.520 `serialNumber` attribute, which carries the organisationsnummer.
const SERIAL_NUMBER_OID: &[u64] = &[2, 5, 4, 5];

/// How long certificates made here are valid unless said otherwise.
const DEFAULT_VALIDITY: Duration = Duration::days(2 * 365);

fn generate_error(what: &'static str) -> impl FnOnce(rcgen::Error) -> TlsError {
    move |e| TlsError::Generate {
        what,
        reason: e.to_string(),
    }
}

/// A certificate authority that issues certificates and CRLs.
pub struct Pki {
    ca: CertifiedIssuer<'static, KeyPair>,
    next_serial: AtomicU64,
}

impl std::fmt::Debug for Pki {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pki").finish_non_exhaustive()
    }
}

/// A certificate with its private key.
#[derive(Clone)]
pub struct Issued {
    cert_pem: String,
    cert_der: Vec<u8>,
    key_pem: String,
    serial: SerialNumber,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("serial", &self.serial.to_string())
            .finish_non_exhaustive()
    }
}

impl Issued {
    /// The certificate, PEM.
    pub fn cert_pem(&self) -> &str {
        &self.cert_pem
    }

    /// The certificate, DER.
    pub fn cert_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// The private key, PKCS#8 PEM.
    pub fn key_pem(&self) -> &str {
        &self.key_pem
    }

    /// The certificate followed by its key, PEM (what `reqwest::Identity::from_pem` reads).
    pub fn identity_pem(&self) -> String {
        format!("{}{}", self.cert_pem, self.key_pem)
    }

    /// The identity a server sees when this certificate is presented.
    pub fn caller_identity(&self) -> CallerIdentity {
        crate::identity::caller_identity(&self.cert_der.clone().into())
    }

    /// The certificate's fingerprint (SHA-256 of the DER).
    pub fn sha256(&self) -> Fingerprint {
        crate::identity::fingerprint_of(&self.cert_der)
    }
}

impl Pki {
    /// A new CA named `name`, valid from an hour ago for ten years.
    pub fn new(name: &str) -> Result<Self, TlsError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(DnType::CountryName, "SE");
        params
            .distinguished_name
            .push(DnType::OrganizationName, name);
        params.distinguished_name.push(DnType::CommonName, name);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let now = OffsetDateTime::now_utc();
        params.not_before = now - Duration::hours(1);
        params.not_after = now + Duration::days(10 * 365);
        params.key_identifier_method = KeyIdMethod::Sha256;
        let key = KeyPair::generate().map_err(generate_error("CA key"))?;
        let ca = CertifiedIssuer::self_signed(params, key).map_err(generate_error("CA"))?;
        Ok(Self {
            ca,
            next_serial: AtomicU64::new(1),
        })
    }

    /// The CA certificate, PEM.
    pub fn ca_pem(&self) -> String {
        self.ca.pem()
    }

    /// The CA certificate, DER.
    pub fn ca_der(&self) -> &[u8] {
        self.ca.der()
    }

    /// A fresh, positive serial number, unique for this CA.
    fn serial(&self) -> SerialNumber {
        let n = self.next_serial.fetch_add(1, Ordering::Relaxed);
        let seed = [self.ca.der().as_ref(), &n.to_be_bytes()].concat();
        let mut bytes: Vec<u8> = Sha256::digest(&seed)[..16].to_vec();
        if let Some(first) = bytes.first_mut() {
            *first = (*first & 0x7f) | 0x01;
        }
        SerialNumber::from(bytes)
    }

    fn issue(
        &self,
        what: &'static str,
        mut params: CertificateParams,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Issued, TlsError> {
        let serial = self.serial();
        params.serial_number = Some(serial.clone());
        params.not_before = not_before;
        params.not_after = not_after;
        params.use_authority_key_identifier_extension = true;
        params.key_identifier_method = KeyIdMethod::Sha256;
        let key = KeyPair::generate().map_err(generate_error(what))?;
        let cert = params
            .signed_by(&key, &self.ca)
            .map_err(generate_error(what))?;
        Ok(Issued {
            cert_pem: cert.pem(),
            cert_der: cert.der().to_vec(),
            key_pem: key.serialize_pem(),
            serial,
        })
    }

    fn default_validity() -> (OffsetDateTime, OffsetDateTime) {
        let now = OffsetDateTime::now_utc();
        (now - Duration::hours(1), now + DEFAULT_VALIDITY)
    }

    /// A server certificate for `names` (DNS names or IP addresses).
    pub fn server(&self, names: &[&str]) -> Result<Issued, TlsError> {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        let mut params =
            CertificateParams::new(names.clone()).map_err(generate_error("server certificate"))?;
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(
            DnType::CommonName,
            names.first().cloned().unwrap_or_default(),
        );
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let (from, to) = Self::default_validity();
        self.issue("server certificate", params, from, to)
    }

    /// A server certificate for `localhost`, `127.0.0.1` and `::1`.
    pub fn localhost_server(&self) -> Result<Issued, TlsError> {
        self.server(&["localhost", "127.0.0.1", "::1"])
    }

    /// An organisation certificate, valid now.
    pub fn organisation(&self, name: &str, organisationsnummer: &str) -> Result<Issued, TlsError> {
        let (from, to) = Self::default_validity();
        self.organisation_valid(name, organisationsnummer, from, to)
    }

    /// An organisation certificate that expired yesterday.
    pub fn expired_organisation(
        &self,
        name: &str,
        organisationsnummer: &str,
    ) -> Result<Issued, TlsError> {
        let now = OffsetDateTime::now_utc();
        self.organisation_valid(
            name,
            organisationsnummer,
            now - Duration::days(366),
            now - Duration::days(1),
        )
    }

    /// An organisation certificate valid from `not_before` to `not_after`: CN and O are
    /// `name`, serialNumber is `organisationsnummer`, extended key usage clientAuth.
    pub fn organisation_valid(
        &self,
        name: &str,
        organisationsnummer: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Issued, TlsError> {
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params.distinguished_name.push(DnType::CountryName, "SE");
        params
            .distinguished_name
            .push(DnType::OrganizationName, name);
        let serial = rcgen::string::PrintableString::try_from(organisationsnummer.to_owned())
            .map_err(generate_error("organisation certificate"))?;
        params.distinguished_name.push(
            DnType::CustomDnType(SERIAL_NUMBER_OID.to_vec()),
            DnValue::PrintableString(serial),
        );
        params.distinguished_name.push(DnType::CommonName, name);
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        self.issue("organisation certificate", params, not_before, not_after)
    }

    /// A CRL from this CA revoking `revoked` (none: an empty CRL), valid for 30 days. PEM.
    pub fn crl(&self, revoked: &[&Issued]) -> Result<String, TlsError> {
        let now = OffsetDateTime::now_utc();
        let params = CertificateRevocationListParams {
            this_update: now - Duration::minutes(5),
            next_update: now + Duration::days(30),
            crl_number: self.serial(),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|cert| RevokedCertParams {
                    serial_number: cert.serial.clone(),
                    revocation_time: now - Duration::minutes(5),
                    reason_code: Some(RevocationReason::KeyCompromise),
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: KeyIdMethod::Sha256,
        };
        params
            .signed_by(&self.ca)
            .and_then(|crl| crl.pem())
            .map_err(generate_error("CRL"))
    }
}
