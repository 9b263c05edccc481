//! The variants' faults written into a finished answer, per source: which namespace, required
//! element and coded value each agency's message has, and the rewriting of XML (also inside
//! Skatteverket's escaped and CSN's base64 documents, and AGI's plain XML) and of LEFI's and
//! Kronofogden's JSON.
//!
//! JSON has no namespace: for Kronofogden, `wrong_namespace` is its nearest equivalent, an
//! answer in another vocabulary: the top-level member `skulder` renamed `debts`, which a
//! reader that ignores unknown members would take for "no debts". AGI's coded values are the
//! field codes (`faltkod` attributes), so `code_outside_kodverk` puts an unknown one there.

use underlag_domain::SourceId;

use super::text::{
    decode, encode, map_base64_svar, map_escaped_svar, remove_element, replace_attribute_value,
    replace_element_text, rewrite_compact_dates, rewrite_iso_dates,
};
use super::{Variant, WRONG_NAMESPACE};
use crate::agencies::agi::AGI_NS;

/// The answer with the variant's fault, or `None` to leave it as it is.
pub(super) fn rewrite(source: SourceId, variant: Variant, body: &[u8]) -> Option<Vec<u8>> {
    let (text, utf16) = decode(body)?;
    let changed = if source == SourceId::Fk {
        rewrite_lefi(variant, &text)?
    } else if source == SourceId::Kfm {
        rewrite_kronofogden(variant, &text)?
    } else if source == SourceId::Csn {
        // CSN's message is the base64 document in `svar`.
        map_base64_svar(&text, |inner| rewrite_xml(source, variant, inner))?
    } else if source == SourceId::Skv {
        // Skatteverket's message is the XML-escaped document in `svar`.
        map_escaped_svar(&text, |inner| rewrite_xml(source, variant, inner))?
    } else {
        rewrite_xml(source, variant, &text)?
    };
    Some(encode(&changed, utf16))
}

/// The provider's namespace (as in the information specification).
fn namespace(source: SourceId) -> Option<&'static str> {
    Some(match source {
        SourceId::Af => "http://api.arbetsformedlingen.se/arbetssokande/ersattningsstod/v2",
        SourceId::Csn => "http://schema.csn.se/v4.0/kommunfraga",
        SourceId::Skv => {
            "http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0"
        }
        SourceId::So => "http://INT014.UBPService.Schemas",
        SourceId::Tns => "http://schema.transportstyrelsen.se/ssbtek/hamtauppgifterresponder/1",
        SourceId::Miv => "http://schema.migrationsverket.se/ssbtek/1/",
        SourceId::Agi => AGI_NS,
        SourceId::Fk | SourceId::Kfm => return None,
    })
}

/// The required element each agency's variant leaves out.
fn required_element(source: SourceId) -> Option<&'static str> {
    Some(match source {
        SourceId::Af => "StatusSokandeinformationKod",
        SourceId::Csn => "Personer",
        SourceId::Skv => "StatusPersonuppgiftKod",
        SourceId::So => "StatusSvarandeOrganisation",
        SourceId::Tns => "resultat",
        SourceId::Miv => "correlationid",
        SourceId::Fk => "personnummer",
        SourceId::Agi => "Specifikationsnummer",
        SourceId::Kfm => "belopp",
    })
}

/// The coded element each agency's variant puts an unknown code in, and the code.
fn coded_element(source: SourceId) -> Option<(&'static str, &'static str)> {
    Some(match source {
        SourceId::Af => ("StatusSokandeinformationKod", "77"),
        SourceId::Csn => ("stodform", "ZZ"),
        SourceId::Skv => ("StatusPersonuppgiftKod", "77"),
        SourceId::So => ("StatusSvarandeOrganisation", "ZZ"),
        SourceId::Tns => ("fordonsslag", "ZZ"),
        SourceId::Miv => ("arendeTyp", "ZZ"),
        SourceId::Fk => ("typ", "77"),
        SourceId::Kfm => ("skuldtyp", "ZZ"),
        SourceId::Agi => return None,
    })
}

/// The element whose coded attribute an agency's variant puts an unknown code in, the
/// attribute and the code: AGI's field code (kodverk `agi-faltkod`) on the first
/// `RedovisningsPeriod`.
fn coded_attribute(source: SourceId) -> Option<(&'static str, &'static str, &'static str)> {
    (source == SourceId::Agi).then_some(("RedovisningsPeriod", "faltkod", "999"))
}

fn rewrite_xml(source: SourceId, variant: Variant, text: &str) -> Option<String> {
    match variant {
        Variant::WrongNamespace => {
            let ns = namespace(source)?;
            text.contains(ns).then(|| text.replace(ns, WRONG_NAMESPACE))
        }
        Variant::MissingRequiredField => remove_element(text, required_element(source)?),
        Variant::CodeOutsideKodverk => match coded_attribute(source) {
            Some((element, name, code)) => replace_attribute_value(text, element, name, code),
            None => {
                let (name, code) = coded_element(source)?;
                replace_element_text(text, name, code)
            }
        },
        Variant::WrongDateFormat => {
            let iso = rewrite_iso_dates(text);
            let out = if source == SourceId::Csn {
                rewrite_compact_dates(&iso)
            } else {
                iso
            };
            (out != text).then_some(out)
        }
        Variant::ProtectedWithoutMarker => match source {
            SourceId::Af => {
                Some(text.replace("Sekretessmarkering>true<", "Sekretessmarkering>false<"))
            }
            SourceId::Csn => Some(text.replace("sekretess=\"J\"", "sekretess=\"  \"")),
            _ => None,
        },
        _ => None,
    }
}

fn rewrite_lefi(variant: Variant, text: &str) -> Option<String> {
    if variant == Variant::WrongDateFormat {
        let out = rewrite_iso_dates(text);
        return (out != text).then_some(out);
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let changed = match variant {
        Variant::MissingRequiredField => edit_json(&mut value, &mut |key, v| {
            if key != "generellPersoninformation" {
                return false;
            }
            let mut any = false;
            let items = match v {
                serde_json::Value::Array(items) => items.iter_mut().collect(),
                other => vec![other],
            };
            for item in items {
                if let Some(o) = item.as_object_mut() {
                    any |= o.remove("personnummer").is_some();
                }
            }
            any
        }),
        Variant::CodeOutsideKodverk => edit_json(&mut value, &mut |key, v| {
            if key == "utbetalningsuppgift"
                && let Some(items) = v.as_array_mut()
            {
                let mut any = false;
                for item in items {
                    if let Some(id) = item.pointer_mut("/typ/id") {
                        *id = serde_json::json!(77);
                        any = true;
                    }
                }
                return any;
            }
            false
        }),
        Variant::ProtectedWithoutMarker => edit_json(&mut value, &mut |key, v| {
            if key == "skyddad" && v == &serde_json::Value::Bool(true) {
                *v = serde_json::Value::Bool(false);
                return true;
            }
            false
        }),
        _ => false,
    };
    changed.then(|| value.to_string())
}

/// Kronofogden's JSON with the variant's fault: the first debt without its required `belopp`,
/// an unknown `skuldtyp` in every debt, dates `dd.mm.yyyy`, or (for `wrong_namespace`) the
/// top-level member `skulder` renamed `debts`.
fn rewrite_kronofogden(variant: Variant, text: &str) -> Option<String> {
    if variant == Variant::WrongDateFormat {
        let out = rewrite_iso_dates(text);
        return (out != text).then_some(out);
    }
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    let root = value.as_object_mut()?;
    match variant {
        Variant::WrongNamespace => {
            let skulder = root.remove("skulder")?;
            root.insert(FOREIGN_KFM_MEMBER.to_owned(), skulder);
        }
        Variant::MissingRequiredField => {
            let name = required_element(SourceId::Kfm)?;
            debts(root)?.first_mut()?.as_object_mut()?.remove(name)?;
        }
        Variant::CodeOutsideKodverk => {
            let (name, code) = coded_element(SourceId::Kfm)?;
            for debt in debts(root)? {
                debt.as_object_mut()?
                    .insert(name.to_owned(), serde_json::json!(code));
            }
        }
        _ => return None,
    }
    Some(value.to_string())
}

/// The debts of a Kronofogden answer, when there is one.
fn debts(
    root: &mut serde_json::Map<String, serde_json::Value>,
) -> Option<&mut Vec<serde_json::Value>> {
    root.get_mut("skulder")
        .and_then(serde_json::Value::as_array_mut)
        .filter(|debts| !debts.is_empty())
}

/// The name the `wrong_namespace` variant gives Kronofogden's `skulder`.
const FOREIGN_KFM_MEMBER: &str = "debts";

/// Calls `edit` on every (key, value) of every object, depth first; whether any call changed
/// something.
pub(super) fn edit_json(
    value: &mut serde_json::Value,
    edit: &mut dyn FnMut(&str, &mut serde_json::Value) -> bool,
) -> bool {
    let mut changed = false;
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                changed |= edit(key, child);
                changed |= edit_json(child, edit);
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                changed |= edit_json(item, edit);
            }
        }
        _ => {}
    }
    changed
}
