//! The `CSNSvar` document (kommunfraga v4.0 XSDs): result, echoed request, and one `Person`
//! with the cases of each support form. Element namespaces follow the XSDs: `Person` in
//! kommunfraga, its children in person, case fields in the support form's namespace, typed
//! parts (periods, amounts, payments) in csntyper.

use underlag_domain::{Amount, Period};

use super::super::xml::Xml;
use super::super::{INVALID_AMOUNT, Mode};
use super::{KOMMUNFRAGA_NS, Question, SAMBRUK_NS};
use crate::population::{CsnAmount, CsnCase, PaymentState, SyntheticPerson, whole_kronor};

const PERSON_NS: &str = "http://schema.csn.se/v4.0/person";
const TYPER_NS: &str = "http://schema.csn.se/v4.0/csntyper";
const STUDIEMEDEL_NS: &str = "http://schema.csn.se/v4.0/studiemedel";
const STUDIEHJALP_NS: &str = "http://schema.csn.se/v4.0/studiehjalp";
const STUDIESTARTSSTOD_NS: &str = "http://schema.csn.se/v4.0/studiestartsstod";

/// A v4.0 namespace, or its v3.0 counterpart for CSN's older message.
fn ns(v4: &'static str, v3: bool) -> String {
    if v3 {
        v4.replace("/v4.0/", "/v3.0/")
    } else {
        v4.to_owned()
    }
}

/// A 10-character identity number no rule accepts, for the `schema_invalid` fault.
const INVALID_PERSONNUMMER10: &str = "901345123X";

/// The `CSNSvar` document for `q`.
pub(super) fn document(q: &Question, person: Option<&SyntheticPerson>, mode: Mode) -> String {
    let v3 = person.and_then(|p| p.csn.as_ref()).is_some_and(|c| c.v3);
    let mut x = Xml::with_declaration("UTF-8");
    let (kf, pers, gem, sm, sh, sss) = (
        ns(KOMMUNFRAGA_NS, v3),
        ns(PERSON_NS, v3),
        ns(TYPER_NS, v3),
        ns(STUDIEMEDEL_NS, v3),
        ns(STUDIEHJALP_NS, v3),
        ns(STUDIESTARTSSTOD_NS, v3),
    );
    x.open(
        "CSNSvar",
        &[
            ("xmlns", kf.as_str()),
            ("xmlns:sam", SAMBRUK_NS),
            ("xmlns:pers", pers.as_str()),
            ("xmlns:gem", gem.as_str()),
            ("xmlns:sm", sm.as_str()),
            ("xmlns:sh", sh.as_str()),
            ("xmlns:sss", sss.as_str()),
            ("schemaVersion", if v3 { "3.0" } else { "4.0" }),
        ],
    );
    x.open("GemensamtSvarEkbistand", &[]);
    x.open("Resultat", &[]);
    x.leaf("ResultatKod", "0");
    x.leaf("ResultatText", "Allt OK, inget att rapportera");
    x.close("Resultat");
    x.close("GemensamtSvarEkbistand");
    x.open("GemensamtFragaEkbistand", &[]);
    for (name, value) in &q.echoed {
        x.leaf(&format!("sam:{name}"), value);
    }
    x.close("GemensamtFragaEkbistand");
    x.open("Personer", &[]);
    write_person(&mut x, q, person, mode);
    x.close("Personer");
    x.close("CSNSvar");
    x.finish_string()
}

fn write_person(x: &mut Xml, q: &Question, person: Option<&SyntheticPerson>, mode: Mode) {
    let cases: Vec<&CsnCase> = person
        .and_then(|p| p.csn.as_ref())
        .map(|c| c.cases_in(&q.period))
        .unwrap_or_default();
    let found = person.is_some_and(|p| p.csn.is_some());
    let protected = found && person.is_some_and(|p| p.protected);
    let number = if mode.schema_invalid {
        INVALID_PERSONNUMMER10
    } else {
        q.identity.get(2..).unwrap_or_default()
    };
    let status = if found { "          " } else { "Ej träff" };
    x.open(
        "Person",
        &[
            ("personnummer", number),
            ("Status", status),
            ("sekretess", if protected { "J" } else { "  " }),
            ("sekel", q.identity.get(..2).unwrap_or_default()),
        ],
    );
    let v3 = person.and_then(|p| p.csn.as_ref()).is_some_and(|c| c.v3);
    let count = |tree: &str| {
        cases
            .iter()
            .filter(|c| c.support_form.tree() == tree)
            .count()
            .to_string()
    };
    x.open("pers:Studiestodstypforteckning", &[]);
    x.leaf("gem:studiemedel", &count("Studiemedel"));
    x.leaf("gem:studiehjalp", &count("Studiehjalp"));
    x.leaf("gem:hemutrustningslan", "0");
    x.leaf("gem:studiestartsstod", &count("Studiestartsstod"));
    if !v3 {
        x.leaf("gem:omstallningsstudiestod", "0");
    }
    x.close("pers:Studiestodstypforteckning");
    for (tree, prefix) in [
        ("Studiemedel", "sm"),
        ("Studiehjalp", "sh"),
        ("HemutrustningsLan", ""),
        ("Studiestartsstod", "sss"),
        ("Omstallningsstudiestod", ""),
    ] {
        if v3 && tree == "Omstallningsstudiestod" {
            // CSN's v3.0 message has no omställningsstudiestöd.
            continue;
        }
        let tree_name = format!("pers:{tree}");
        let tree = tree_name.as_str();
        let mine: Vec<&&CsnCase> = cases
            .iter()
            .filter(|c| format!("pers:{}", c.support_form.tree()) == tree)
            .collect();
        if mine.is_empty() {
            x.empty(tree, &[]);
            continue;
        }
        x.open(tree, &[]);
        x.open("pers:Arenden", &[]);
        for case in mine {
            write_case(x, case, prefix, &q.period, mode);
        }
        x.close("pers:Arenden");
        x.close(tree);
    }
    x.close("Person");
}

fn write_case(x: &mut Xml, case: &CsnCase, prefix: &str, period: &Period, mode: Mode) {
    let el = |name: &str| format!("{prefix}:{name}");
    x.open("pers:Arende", &[("lopnummer", &case.number.to_string())]);
    x.leaf(&el("stodform"), case.support_form.code());
    x.leaf(&el("klartext"), case.support_form.label());
    x.leaf(&el("status"), case.status);
    x.open(&el("soktaTider"), &[]);
    for a in &case.applied {
        x.open(&el("soktTid"), &[]);
        x.leaf("gem:soktfrom", &compact(a.from));
        x.leaf("gem:sokttom", &compact(a.to));
        x.leaf("gem:soktomfattning", &a.extent_percent.to_string());
        x.leaf("gem:soktlan", if a.loan { "J" } else { " " });
        x.close(&el("soktTid"));
    }
    x.close(&el("soktaTider"));
    x.open(&el("BeviljadeTider"), &[]);
    for g in &case.granted {
        x.open(&el("BeviljadTid"), &[]);
        x.leaf("gem:starttid", &g.start_week);
        x.leaf("gem:sluttid", &g.end_week);
        x.leaf("gem:takt", &g.pace_percent.to_string());
        write_amounts(x, &g.amounts, mode);
        x.leaf("gem:totbelopp", &kronor(g.total, mode));
        x.close(&el("BeviljadTid"));
    }
    x.close(&el("BeviljadeTider"));
    x.open(&el("UtbetalningsPlan"), &[]);
    for p in case.payments_in(period) {
        x.open(&el("Utbetalning"), &[]);
        x.leaf("gem:utbetdatum", &compact(p.payout_on));
        let status = match p.state {
            PaymentState::Effected => "Utbetald",
            PaymentState::Preliminary => "Planerad",
        };
        x.leaf("gem:utbetstatus", status);
        x.open("gem:Utbetaldatider", &[]);
        x.open("gem:Utbetaldtid", &[]);
        x.leaf("gem:startvecka", &p.start_week);
        x.leaf("gem:slutvecka", &p.end_week);
        write_amounts(x, &p.amounts, mode);
        x.leaf("gem:totbelopp", &kronor(p.total, mode));
        x.close("gem:Utbetaldtid");
        x.close("gem:Utbetaldatider");
        x.leaf("gem:totbelopp", &kronor(p.total, mode));
        x.close(&el("Utbetalning"));
    }
    x.close(&el("UtbetalningsPlan"));
    x.close("pers:Arende");
}

fn write_amounts(x: &mut Xml, amounts: &[CsnAmount], mode: Mode) {
    x.open("gem:Beloppen", &[]);
    for a in amounts {
        x.open("gem:Belopp", &[]);
        x.leaf("gem:beloppstyp", a.kind);
        x.leaf("gem:klartext", a.label);
        x.leaf("gem:belopp", &kronor(a.amount, mode));
        x.leaf("gem:totbelopp", &kronor(a.total, mode));
        x.close("gem:Belopp");
    }
    x.close("gem:Beloppen");
}

fn kronor(a: Amount, mode: Mode) -> String {
    if mode.schema_invalid {
        INVALID_AMOUNT.to_owned()
    } else {
        whole_kronor(a).to_string()
    }
}

/// `yyyymmdd`.
fn compact(d: jiff::civil::Date) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}
