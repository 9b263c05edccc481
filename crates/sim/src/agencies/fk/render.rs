//! Renders a person's FK and PM facts as a LEFI v9 answer for one question.

use jiff::civil::Date;
use rust_decimal::prelude::ToPrimitive;
use underlag_domain::{Amount, Period};

use super::super::{INVALID_DATE, INVALID_PERSONNUMMER, Mode};
use super::Question;
use super::cases::case_json;
use super::wire::{
    Adress, AvvikelseGrupp, Avvikelser, Belopp, Bokstavskod, Detalj, Folkbokford,
    Formansinformation, FranTill, Kodbeskrivning, Kodnamn, Period as WirePeriod, Person,
    Personinformation, PmAnsprak, PmAvdrag, PmBerakningsunderlag, PmBeslut, PmBeslutadErsattning,
    PmBeslutatBelopp, PmBostadsInkomststod, PmRad, PmTillagg, PmUtbetalning, Sifferkod, Svar,
    TillgangligaInformationstyper, Utbetalning, UtlamnareTillstand,
};
use crate::population::{
    Child, FkBenefit, FkFacts, FkPayment, PaymentState, PmBenefit, PmClaim, PmDecision, PmPayment,
    SyntheticPerson, whole_kronor,
};

fn utlamnare(kod: &str, namn: &str) -> UtlamnareTillstand {
    utlamnare_in(kod, namn, ("OK", "Tillgänglig"))
}

fn utlamnare_in(kod: &str, namn: &str, (state, text): (&str, &str)) -> UtlamnareTillstand {
    UtlamnareTillstand {
        utlamnare: Kodnamn {
            kod: kod.to_owned(),
            namn: namn.to_owned(),
        },
        tillstand: kb(state, text),
    }
}

fn kb(kod: &str, beskrivning: &str) -> Kodbeskrivning {
    Kodbeskrivning {
        kod: kod.to_owned(),
        beskrivning: beskrivning.to_owned(),
    }
}

fn belopp(a: Amount) -> Belopp {
    Belopp {
        summa: a.value().to_f64().unwrap_or_default(),
        valuta: "SEK",
    }
}

fn bokstav(id: &str, beskrivning: &str) -> Bokstavskod {
    Bokstavskod {
        id: id.to_owned(),
        beskrivning: beskrivning.to_owned(),
    }
}

fn siffer(id: i64, beskrivning: &str) -> Sifferkod {
    Sifferkod {
        id,
        beskrivning: beskrivning.to_owned(),
    }
}

fn fran_till(p: &Period) -> FranTill {
    FranTill {
        fran: p.from().to_string(),
        till: Some(p.to().to_string()),
    }
}

fn date(d: Date, broken: bool) -> String {
    if broken {
        INVALID_DATE.to_owned()
    } else {
        d.to_string()
    }
}

/// The answer for `q` about `person` (`None` = unknown to LEFI), as JSON.
pub(super) fn svar(
    q: &Question,
    person: Option<&SyntheticPerson>,
    mode: Mode,
) -> serde_json::Value {
    let f = &q.fraga;
    let wants_fk = !f.formansinformation.is_empty()
        || f.ovrig_information.iter().any(|c| c.starts_with("FK:"))
        || f.utbetalningar
            .iter()
            .chain(&f.preliminara_utbetalningar)
            .any(|c| c.starts_with("FK:"));
    let wants_pm = !f.ansprak.is_empty()
        || !f.beslut.is_empty()
        || f.ovrig_information.iter().any(|c| c.starts_with("PM:"))
        || f.utbetalningar
            .iter()
            .chain(&f.preliminara_utbetalningar)
            .any(|c| c.starts_with("PM:"));
    let mut svar = Svar {
        utlamnare: Vec::new(),
        avvikelser: Avvikelser::default(),
        formansinformation: Formansinformation::default(),
        ansprak: Vec::new(),
        beslut: Vec::new(),
        preliminara_utbetalningar: Vec::new(),
        utbetalningar: Vec::new(),
    };
    if wants_fk {
        svar.utlamnare.push(utlamnare("FK", "Försäkringskassan"));
    }
    let pm_state = person
        .and_then(|p| p.fk.as_ref())
        .and_then(|f| f.pm_state)
        .unwrap_or(("OK", "Tillgänglig"));
    if wants_pm {
        svar.utlamnare
            .push(utlamnare_in("PM", "Pensionsmyndigheten", pm_state));
    }
    let mut corrupted = false;
    if let Some((p, facts)) = person.and_then(|p| p.fk.as_ref().map(|f| (p, f))) {
        corrupted = fill(&mut svar, q, p, facts, mode);
    }
    let mut value = serde_json::to_value(&svar).unwrap_or_default();
    if mode.schema_invalid && !corrupted {
        // Nothing else to break: make the first discloser's state unreadable.
        if let Some(t) = value.pointer_mut("/utlamnare/0/tillstand") {
            *t = serde_json::Value::String("KANSKE".to_owned());
        }
    }
    value
}

/// Fills the answer from the facts; returns whether a field was broken for `schema_invalid`.
fn fill(svar: &mut Svar, q: &Question, p: &SyntheticPerson, facts: &FkFacts, mode: Mode) -> bool {
    let f = &q.fraga;
    let broken = mode.schema_invalid;
    let mut corrupted = false;
    if Question::wants(&f.ovrig_information, "FK:GEPI") {
        svar.formansinformation
            .generell_personinformation
            .push(person_info(p, facts, broken));
        corrupted |= broken;
    }
    deviations(svar, f, facts);
    let fi = &mut svar.formansinformation;
    for case in facts.cases_in(&q.period) {
        let group = case.benefit.group_code();
        if !Question::wants(&f.formansinformation, group) || facts.deviation_for(group).is_some() {
            continue;
        }
        fi.cases
            .entry(case.benefit.case_list())
            .or_default()
            .push(case_json(case, &q.period));
    }
    let pm_ok = facts.pm_state.is_none();
    for (list, state) in [
        (&f.utbetalningar, PaymentState::Effected),
        (&f.preliminara_utbetalningar, PaymentState::Preliminary),
    ] {
        for pay in facts.payments_in(&q.period, state) {
            let group = pay.benefit.group_code();
            if Question::wants(list, group) && facts.deviation_for(group).is_none() {
                let u = utbetalning(pay, broken);
                corrupted |= broken;
                match state {
                    PaymentState::Effected => fi.utbetalningsuppgift.push(u),
                    PaymentState::Preliminary => fi.preliminarautbetalningar.push(u),
                }
            }
        }
        for pay in facts.pm_payments_in(&q.period, state) {
            if pm_ok && Question::wants(list, pay.benefit.group_code()) {
                let u = pm_utbetalning(pay, broken);
                corrupted |= broken;
                match state {
                    PaymentState::Effected => svar.utbetalningar.push(u),
                    PaymentState::Preliminary => svar.preliminara_utbetalningar.push(u),
                }
            }
        }
    }
    for d in facts.pm_decisions_in(&q.period) {
        if pm_ok && Question::wants(&f.beslut, d.benefit.group_code()) {
            svar.beslut.push(pm_beslut(d));
        }
    }
    for c in facts.pm_claims_in(&q.period) {
        if pm_ok && Question::wants(&f.ansprak, c.benefit.group_code()) {
            svar.ansprak.push(pm_ansprak(c));
        }
    }
    corrupted
}

/// The deviations for the groups asked for that LEFI withholds.
fn deviations(svar: &mut Svar, f: &super::wire::Fraga, facts: &FkFacts) {
    for d in &facts.deviations {
        let entry = || AvvikelseGrupp {
            avvikelse: kb(d.code, deviation_label(d.code)),
            formansgrupp: kb(d.group, group_label(d.group)),
        };
        if Question::wants(&f.formansinformation, d.group) {
            svar.avvikelser.formansinformation.push(entry());
        }
        if Question::wants(&f.utbetalningar, d.group) {
            svar.avvikelser.utbetalningar.push(entry());
        }
        if Question::wants(&f.preliminara_utbetalningar, d.group) {
            svar.avvikelser.preliminara_utbetalningar.push(entry());
        }
    }
}

fn deviation_label(code: &str) -> &'static str {
    match code {
        "OBEHORIG" => "Behörighet saknas",
        _ => "Internt fel, delsystemet svarade inte",
    }
}

fn group_label(group: &str) -> &'static str {
    FkBenefit::ALL
        .iter()
        .find(|b| b.group_code() == group)
        .map_or("Förmån", |b| b.name_sv())
}

fn pm_ansprak(c: &PmClaim) -> PmAnsprak {
    PmAnsprak {
        ansprakid: c.id.clone(),
        ankomstdatum: c.received_on.to_string(),
        formansgrupp: pm_group(c.benefit),
        yrkad_period: WirePeriod {
            from: c.claimed_from.to_string(),
            tom: c.claimed_to.map(|d| d.to_string()),
        },
    }
}

fn person_info(p: &SyntheticPerson, facts: &FkFacts, broken: bool) -> Personinformation {
    let adress = facts
        .address
        .iter()
        .map(|a| Adress {
            roller: vec![siffer(1, "Folkbokföringsadress")],
            utdelningadress: vec![a.street.clone()],
            postnummer: a.postal_code.clone(),
            postort: a.town.clone(),
            land: Kodnamn {
                kod: "SE".to_owned(),
                namn: "SVERIGE".to_owned(),
            },
        })
        .collect();
    Personinformation {
        personnummer: if broken {
            INVALID_PERSONNUMMER.to_owned()
        } else {
            p.personnummer.expose().to_owned()
        },
        foddes: p.personnummer.birth_date().map(|d| d.to_string()),
        namn: p.full_name(),
        skyddad: p.protected,
        adress,
        barn: facts.children.iter().map(child).collect(),
        civilstand: siffer(
            i64::from(facts.civil_status),
            civil_status_label(facts.civil_status),
        ),
        folkbokford: vec![Folkbokford {
            lan: facts.registered_in.0.clone(),
            kommun: facts.registered_in.1.clone(),
        }],
    }
}

fn civil_status_label(code: u8) -> &'static str {
    match code {
        1 => "Ogift",
        2 => "Gift",
        5 => "Skild",
        7 => "Änka/Änkeman",
        _ => "Okänd",
    }
}

fn child(c: &Child) -> Person {
    Person {
        personnummer: c.personnummer.expose().to_owned(),
        foddes: c.born.to_string(),
        namn: c.name.clone(),
        skyddad: false,
    }
}

fn utbetalning(p: &FkPayment, broken: bool) -> Utbetalning {
    let other: Amount = p.deductions.iter().map(|d| d.amount).sum();
    let family = bokstav(p.benefit.code(), p.benefit.name_sv());
    let mut detalj = vec![Detalj {
        forman: bokstav(p.benefit.code(), p.benefit.name_sv()),
        period: fran_till(&p.covers),
        beloppstyp: bokstav(p.benefit.code(), p.benefit.name_sv()),
        dagar: p.days.map(i64::from),
        bruttobelopp: Some(belopp(p.gross)),
        skattebelopp: None,
        avdragsbelopp: None,
    }];
    if p.tax != Amount::ZERO {
        detalj.push(deduction_row(
            p,
            "PS",
            "Preliminär skatt",
            belopp(p.tax),
            true,
        ));
    }
    for d in &p.deductions {
        detalj.push(deduction_row(
            p,
            d.code,
            deduction_label(d.code),
            belopp(d.amount),
            false,
        ));
    }
    let (typ, typ_text) = p.kind.code();
    let datum = if p.month_only && !broken {
        format!("{:04}-{:02}", p.payout_on.year(), p.payout_on.month())
    } else {
        date(p.payout_on, broken)
    };
    Utbetalning {
        typ: siffer(typ, typ_text),
        foretag: siffer(1001, "Försäkringskassan"),
        formansfamilj: family,
        datum,
        period: fran_till(&p.covers),
        bruttobelopp: belopp(p.gross),
        skattebelopp: belopp(p.tax),
        avdragsbelopp: belopp(p.tax.plus(other)),
        nettobelopp: belopp(p.net),
        utbetalningsdetalj: detalj,
    }
}

fn deduction_row(p: &FkPayment, code: &str, label: &str, amount: Belopp, tax: bool) -> Detalj {
    Detalj {
        forman: bokstav(p.benefit.code(), p.benefit.name_sv()),
        period: fran_till(&p.covers),
        beloppstyp: bokstav(code, label),
        dagar: None,
        bruttobelopp: None,
        skattebelopp: tax.then_some(Belopp {
            summa: amount.summa,
            valuta: amount.valuta,
        }),
        avdragsbelopp: (!tax).then_some(amount),
    }
}

fn deduction_label(code: &str) -> &'static str {
    match code {
        "INF" => "Utmätning",
        "KVI" => "Kvittning",
        _ => "Ospecificerade avdrag",
    }
}

fn pm_group(b: PmBenefit) -> Kodbeskrivning {
    kb(b.group_code(), b.name_sv())
}

fn pm_beslut(d: &PmDecision) -> PmBeslut {
    PmBeslut {
        beslutsid: d.id.clone(),
        beslutsdatum: d.decided_on.to_string(),
        formansgrupp: pm_group(d.benefit),
        beslutsstatus: kb("SLUTLIGT", "Slutligt"),
        beslutsutfall: kb("BIFALL", "Bifall"),
        beslutad_ersattning: d
            .compensations
            .iter()
            .map(|c| PmBeslutadErsattning {
                beslutat_belopp: PmBeslutatBelopp {
                    belopp: whole_kronor(c.monthly),
                    beloppsfrekvens: kb("MANAD", "Månad"),
                },
                period: WirePeriod {
                    from: c.from.to_string(),
                    tom: None,
                },
                ersattningstyp: kb(c.kind, c.label),
            })
            .collect(),
        tillagg: d.housing_cost.map(|cost| PmTillagg {
            bostads_inkomststod: PmBostadsInkomststod {
                berakningsunderlag: PmBerakningsunderlag {
                    bostadskostnad_brutto: whole_kronor(cost),
                    medsokande: d.co_applicant.as_ref().map(|p| p.expose().to_owned()),
                },
            },
        }),
    }
}

fn pm_utbetalning(p: &PmPayment, broken: bool) -> PmUtbetalning {
    let avdrag = if p.tax == Amount::ZERO {
        Vec::new()
    } else {
        vec![PmAvdrag {
            belopp: whole_kronor(p.tax),
            avdragstyp: kb("PM:PS", "Preliminär skatt"),
        }]
    };
    PmUtbetalning {
        utbetalningsdatum: date(p.payout_on, broken),
        utbetalningsperiod: WirePeriod {
            from: p.covers.from().to_string(),
            tom: Some(p.covers.to().to_string()),
        },
        bruttobelopp: whole_kronor(p.gross),
        nettobelopp: whole_kronor(p.net),
        avdrag,
        utbetalningsrader: p
            .rows
            .iter()
            .map(|r| PmRad {
                formansgrupp: pm_group(r.benefit),
                belopp: whole_kronor(r.amount),
                utbetalningsforman: kb(r.forman, forman_label(r.forman)),
                beloppstyp: kb(r.kind, forman_label(r.kind)),
            })
            .collect(),
    }
}

fn forman_label(code: &str) -> &'static str {
    match code {
        "PM:AP38" => "Allmän pension",
        "PM:GARP" => "Garantipension",
        "PM:IP" => "Inkomstpension",
        "PM:BTP" => "Bostadstillägg",
        _ => "Övrigt",
    }
}

/// What the simulated LEFI lets every actor fetch.
pub(super) fn available_types() -> TillgangligaInformationstyper {
    let fk = |b: FkBenefit| kb(b.group_code(), b.name_sv());
    let fk_groups = || {
        let mut seen = Vec::new();
        FkBenefit::ALL
            .into_iter()
            .filter(move |b| {
                let new = !seen.contains(&b.group_code());
                seen.push(b.group_code());
                new
            })
            .map(fk)
    };
    let pm_groups = || {
        [PmBenefit::AllmanPension, PmBenefit::BostadsInkomststod]
            .into_iter()
            .map(pm_group)
    };
    TillgangligaInformationstyper {
        utlamnare: vec![
            utlamnare("FK", "Försäkringskassan"),
            utlamnare("PM", "Pensionsmyndigheten"),
        ],
        formansinformation: fk_groups().collect(),
        ansprak: pm_groups().collect(),
        beslut: pm_groups().collect(),
        preliminara_utbetalningar: fk_groups().chain(pm_groups()).collect(),
        utbetalningar: fk_groups().chain(pm_groups()).collect(),
        ovrig_information: vec![kb("FK:GEPI", "Generell personinformation")],
    }
}
