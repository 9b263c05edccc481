//! Removes address-like and location-revealing fields from raw provider payloads, for persons
//! with protected identity (skyddade personuppgifter).
//!
//! Only LEFI's general person information (GEPI) carries such fields: addresses (`adress`,
//! `utdelningadress`, `postnummer`, `postort`), the registration municipality
//! (`folkbokford`), workplaces (`arbetsstallen`, which reveal where the person is during the
//! day) and contact details (`telefon`, `epost`, `kontakt`). The other six providers' answer
//! formats (AF, CSN, SKV, a-kassor, Transportstyrelsen, Migrationsverket) have no address or
//! location elements in their contracts, so their payloads pass unchanged.

use underlag_domain::{RawPayload, SourceId};

/// LEFI keys whose values reveal where a person lives, works or can be reached.
const LEFI_LOCATION_KEYS: [&str; 9] = [
    "adress",
    "utdelningadress",
    "postnummer",
    "postort",
    "folkbokford",
    "arbetsstallen",
    "telefon",
    "epost",
    "kontakt",
];

/// The payload without location-revealing fields, or `None` when it cannot be scrubbed
/// safely (then the caller withholds it whole).
pub(crate) fn scrub(source: SourceId, raw: &RawPayload) -> Option<RawPayload> {
    match source {
        SourceId::Fk => {
            let mut value: serde_json::Value = serde_json::from_str(&raw.body).ok()?;
            remove_keys(&mut value);
            Some(RawPayload {
                content_type: raw.content_type.clone(),
                body: serde_json::to_string(&value).ok()?,
            })
        }
        SourceId::Af
        | SourceId::Csn
        | SourceId::Skv
        | SourceId::So
        | SourceId::Tns
        | SourceId::Miv
        | SourceId::Agi
        | SourceId::Kfm => Some(raw.clone()),
    }
}

fn remove_keys(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            map.retain(|key, _| !LEFI_LOCATION_KEYS.contains(&key.as_str()));
            map.values_mut().for_each(remove_keys);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(remove_keys),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lefi_addresses_and_registration_are_removed_everywhere() {
        let body = serde_json::json!({
            "ovrigInformation": {"generellPersoninformation": [{
                "namn": "Test Testsson", "skyddad": true,
                "adress": [{"utdelningadress": ["Hemlig väg 1"], "postnummer": "11122", "postort": "ORTEN"}],
                "folkbokford": [{"lan": "14", "kommun": "63"}],
                "arbetsstallen": [{"namn": "Fabriken", "adress": {"postort": "VERKET"}}]
            }]},
            "utbetalningar": [{"belopp": 100}]
        });
        let raw = RawPayload {
            content_type: "application/json".into(),
            body: body.to_string(),
        };
        let clean = scrub(SourceId::Fk, &raw).unwrap();
        for gone in ["Hemlig", "11122", "ORTEN", "kommun", "Fabriken", "VERKET"] {
            assert!(!clean.body.contains(gone), "{gone} survived");
        }
        assert!(clean.body.contains("\"skyddad\":true") && clean.body.contains("utbetalningar"));
    }

    /// Survivor (issue 16): dropping `telefon`, `epost` or `kontakt` from the key list passed
    /// every test, since the simulator never sends them. In LEFI v9 they occur inside
    /// `arbetsstallen` (`LefiArbetsstalle.telefon`, `.kontakt`, `LefiKontaktuppgifter.epost`),
    /// which goes whole; this pins the defence in depth: each is removed wherever it
    /// appears, also outside a workplace (a provider extension the schema would not stop).
    #[test]
    fn lefi_contact_details_are_removed_wherever_they_appear() {
        for key in ["telefon", "epost", "kontakt"] {
            let body = serde_json::json!({
                "ovrigInformation": {"generellPersoninformation": [{
                    "namn": "Test Testsson", "skyddad": true,
                    key: ["CONTACT-AT-PERSON"]
                }]},
                "utbetalningar": [{"belopp": 100, "mottagare": {key: "CONTACT-NESTED"}}]
            });
            let raw = RawPayload {
                content_type: "application/json".into(),
                body: body.to_string(),
            };
            let clean = scrub(SourceId::Fk, &raw).unwrap();
            assert!(
                !clean.body.contains("CONTACT-"),
                "{key} survived: {}",
                clean.body
            );
            assert!(!clean.body.contains(key), "{key} survived: {}", clean.body);
            assert!(clean.body.contains("\"belopp\":100") && clean.body.contains("mottagare"));
        }
    }

    #[test]
    fn unparseable_lefi_payloads_are_withheld_and_xml_sources_pass() {
        let broken = RawPayload {
            content_type: "application/json".into(),
            body: "{".into(),
        };
        assert!(scrub(SourceId::Fk, &broken).is_none());
        let xml = RawPayload {
            content_type: "text/xml".into(),
            body: "<a/>".into(),
        };
        assert_eq!(scrub(SourceId::Tns, &xml).unwrap().body, "<a/>");
    }
}
