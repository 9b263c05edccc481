//! LEFI general person information (`FK:GEPI`, `formansinformation.generellPersoninformation`).

use underlag_domain::SourceId;
use underlag_domain::model::{Address, PersonInfo, ProtectionKind, ProtectionMarker};

use super::values;
use crate::mapping::{At, Mapper};

/// Maps the person, if GEPI was delivered. LEFI gives all names in one string (`namn`); it is
/// kept whole as the given name.
pub(crate) fn map(m: &mut Mapper<'_>, fi: &At<'_>) -> Option<PersonInfo> {
    let all = fi.children("generellPersoninformation");
    let gepi = all.first()?;
    if all.len() > 1 {
        m.warn(
            fi.join("generellPersoninformation"),
            "more than one person; the first is used",
        );
    }
    let mut protection = Vec::new();
    if m.boolean(gepi, "skyddad") == Some(true) {
        protection.push(ProtectionMarker {
            source: SourceId::Fk,
            kind: ProtectionKind::Protected,
            field: "skyddad".to_owned(),
        });
    }
    let deceased_on = gepi.children("avled").first().and_then(|a| {
        let text = a.text()?;
        match values::bounds(text) {
            Some((first, last)) if first == last => Some(first),
            _ => {
                m.warn(
                    a.path().to_owned(),
                    "a date of death without its day is not used",
                );
                None
            }
        }
    });
    Some(PersonInfo {
        identity: gepi
            .text_of("personnummer")
            .and_then(|t| m.identity(gepi.join("personnummer"), t)),
        given_name: gepi.text_of("namn").map(str::to_owned),
        family_name: None,
        protection,
        addresses: gepi.children("adress").iter().map(address).collect(),
        deceased_on,
        ..PersonInfo::default()
    })
}

/// An address; its kind from the first role (1 folkbokföring, 2 särskild, 3 utländsk).
fn address(at: &At<'_>) -> Address {
    let role = at.children("roller").first().and_then(|r| r.text_of("id"));
    let kind = match role {
        Some("1") => "folkbokforing",
        Some("2") => "sarskild",
        Some("3") => "utlandsk",
        _ => "okand",
    };
    let country = at.child("land").and_then(|land| {
        let code = land.text_of("kod");
        if code.is_some_and(|c| c.eq_ignore_ascii_case("SE")) {
            None
        } else {
            land.text_of("namn").or(code).map(str::to_owned)
        }
    });
    Address {
        kind: kind.to_owned(),
        lines: at
            .children("utdelningadress")
            .iter()
            .filter_map(At::text)
            .map(str::to_owned)
            .collect(),
        postal_code: at.text_of("postnummer").map(str::to_owned),
        town: at.text_of("postort").map(str::to_owned),
        country,
    }
}
