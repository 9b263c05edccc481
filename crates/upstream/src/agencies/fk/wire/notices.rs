//! LEFI's own statuses as notices: disclosers that did not contribute (`utlamnare`),
//! deviations per requested group (`avvikelser`), delivered parts the canonical model has no
//! place for, and protected relatives.

use underlag_domain::model::Notice;
use underlag_spec::Node;

use super::cases::CASE_LISTS;
use crate::mapping::{At, Mapper};

/// Code lists of discloser states and deviation kinds.
const TILLSTAND: &str = "lefi-tillstand";
const AVVIKELSE: &str = "lefi-avvikelse";

/// The notice code of a delivered part that is kept in the raw payload only.
pub(crate) const UNMAPPED: &str = "EJ_MAPPAD";
/// The notice code of a related person with protected identity.
pub(crate) const PROTECTED_RELATIVE: &str = "SKYDDAD_ANHORIG";

/// FK lists the mapping reads besides the case lists.
const MAPPED_FK_LISTS: [&str; 3] = [
    "generellPersoninformation",
    "utbetalningsuppgift",
    "preliminarautbetalningar",
];

/// One notice per discloser (FK, PM) whose state is not `OK`; returns their (code, text).
pub(crate) fn disclosers(
    m: &mut Mapper<'_>,
    root: &At<'_>,
    notices: &mut Vec<Notice>,
) -> Vec<(String, String)> {
    let mut failed = Vec::new();
    for entry in root.children("utlamnare") {
        let who = entry
            .child("utlamnare")
            .and_then(|u| u.text_of("kod"))
            .unwrap_or("LEFI");
        let Some(state) = entry.child("tillstand") else {
            continue;
        };
        let code = state.text_of("kod").unwrap_or_default();
        if code == "OK" {
            continue;
        }
        let text = state
            .text_of("beskrivning")
            .map(str::to_owned)
            .or_else(|| m.label(TILLSTAND, code))
            .unwrap_or_else(|| "Utlämnaren bidrog inte till svaret".to_owned());
        failed.push((code.to_owned(), format!("{who}: {text}")));
        notices.push(Notice {
            code: code.to_owned(),
            text,
            concerns: Some(who.to_owned()),
        });
    }
    failed
}

/// One notice per deviation (`INTERNT_FEL`, `OBEHORIG`) in `avvikelser`; returns their
/// (code, text).
pub(crate) fn deviations(
    m: &mut Mapper<'_>,
    root: &At<'_>,
    notices: &mut Vec<Notice>,
) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let Some(avvikelser) = root.child("avvikelser") else {
        return found;
    };
    let lists = [
        "formansinformation",
        "ansprak",
        "beslut",
        "preliminaraUtbetalningar",
        "utbetalningar",
        "ovrigInformation",
    ];
    for list in lists {
        for entry in avvikelser.children(list) {
            let deviation = entry.child("avvikelse");
            let code = deviation
                .as_ref()
                .and_then(|d| d.text_of("kod"))
                .unwrap_or("AVVIKELSE");
            let text = deviation
                .as_ref()
                .and_then(|d| d.text_of("beskrivning"))
                .map(str::to_owned)
                .or_else(|| m.label(AVVIKELSE, code))
                .unwrap_or_else(|| code.to_owned());
            let group = entry
                .child("formansgrupp")
                .or_else(|| entry.child("ovrigInformationstyp"))
                .and_then(|g| g.text_of("kod"))
                .unwrap_or("?");
            let concerns = format!("{list}: {group}");
            found.push((code.to_owned(), format!("{concerns}: {text}")));
            notices.push(Notice {
                code: code.to_owned(),
                text,
                concerns: Some(concerns),
            });
        }
    }
    found
}

/// A notice per FK list that was delivered but is not mapped; returns how many there were.
pub(crate) fn unmapped_fk(fi: &At<'_>, notices: &mut Vec<Notice>) -> usize {
    let mapped =
        |name: &str| MAPPED_FK_LISTS.contains(&name) || CASE_LISTS.iter().any(|c| c.list == name);
    let mut names: Vec<&str> = Vec::new();
    for child in &fi.node().children {
        if !mapped(&child.name) && !names.contains(&child.name.as_str()) {
            names.push(&child.name);
        }
    }
    for name in &names {
        unmapped(notices, name, fi.node().children_named(name).count());
    }
    names.len()
}

/// A notice for PM's other information (`ovrigInformation`), which is not mapped.
pub(crate) fn unmapped_pm(root: &At<'_>, notices: &mut Vec<Notice>) -> usize {
    let count = root.node().children_named("ovrigInformation").count();
    if count > 0 {
        unmapped(notices, "ovrigInformation", count);
    }
    usize::from(count > 0)
}

fn unmapped(notices: &mut Vec<Notice>, name: &str, count: usize) {
    notices.push(Notice {
        code: UNMAPPED.to_owned(),
        text: format!("{count} uppgift(er) av typen {name} finns bara i rådata"),
        concerns: Some(name.to_owned()),
    });
}

/// One notice if any person in the answer other than the subject (children, co-applicants,
/// the deceased, relatives) is marked `skyddad`.
pub(crate) fn protected_relatives(root: &At<'_>, notices: &mut Vec<Notice>) {
    let subject = root
        .child("formansinformation")
        .and_then(|fi| fi.node().children_named("generellPersoninformation").next());
    if any_protected(root.node(), subject, 0) {
        notices.push(Notice {
            code: PROTECTED_RELATIVE.to_owned(),
            text: "En annan person i svaret (t.ex. barn eller medsökande) har skyddad identitet"
                .to_owned(),
            concerns: None,
        });
    }
}

fn any_protected(node: &Node, subject: Option<&Node>, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let is_subject = subject.is_some_and(|s| std::ptr::eq(s, node));
    let own = !is_subject
        && node
            .child("skyddad")
            .and_then(|s| s.text.as_deref())
            .map(str::trim)
            == Some("true");
    own || node
        .children
        .iter()
        .any(|c| any_protected(c, subject, depth + 1))
}
