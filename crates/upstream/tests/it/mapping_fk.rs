//! Synthetic LEFI v9 answers: FK and PM decisions, payments in both models counted once,
//! general person information, deviations and discloser states.

use jiff::civil::date;
use rust_decimal::Decimal;
use serde_json::json;
use underlag_domain::model::{DecisionStatus, Frequency, PaymentState, ProtectionKind};
use underlag_domain::{Amount, Period};
use underlag_upstream::agencies::fk;

use crate::common::*;

fn period(from: (i16, i8, i8), to: (i16, i8, i8)) -> Period {
    Period::new(date(from.0, from.1, from.2), date(to.0, to.1, to.2)).unwrap()
}

fn sek(summa: f64) -> serde_json::Value {
    json!({ "summa": summa, "valuta": "SEK" })
}

fn rich_answer() -> serde_json::Value {
    let effected = json!({
        "typ": { "id": 1, "beskrivning": "Månad" },
        "foretag": { "id": 1001, "beskrivning": "Försäkringskassan" },
        "formansfamilj": { "id": "BOB", "beskrivning": "Bostadsbidrag" },
        "datum": "2025-02-20",
        "period": { "fran": "2025-02-01", "till": "2025-02-28" },
        "bruttobelopp": sek(3000.0), "skattebelopp": sek(0.0), "avdragsbelopp": sek(500.0),
        "nettobelopp": sek(2500.0),
        "utbetalningsdetalj": [
            { "forman": { "id": "BOB" }, "beloppstyp": { "id": "BOB" }, "dagar": 28, "bruttobelopp": sek(3000.0) },
            { "forman": { "id": "BOB" }, "beloppstyp": { "id": "INF", "beskrivning": "Utmätning" }, "avdragsbelopp": sek(500.0) }
        ]
    });
    let sick_pay = json!({
        "foretag": { "id": 1001 },
        "formansfamilj": { "id": "SJP", "beskrivning": "Sjukpenning" },
        "datum": "2025-03-25",
        "period": { "fran": "2025-03-01", "till": "2025-03-20" },
        "bruttobelopp": sek(10000.55), "skattebelopp": sek(3000.0), "avdragsbelopp": sek(3000.0),
        "nettobelopp": sek(7000.55),
        "utbetalningsdetalj": [
            { "forman": { "id": "SJP" }, "beloppstyp": { "id": "SJP" }, "dagar": 20, "bruttobelopp": sek(10000.55) },
            { "forman": { "id": "SJP" }, "beloppstyp": { "id": "PS" }, "skattebelopp": sek(3000.0) }
        ]
    });
    let mut duplicate_of_effected = effected.clone();
    duplicate_of_effected["typ"] = json!({ "id": 4 });
    let planned = json!({
        "foretag": { "id": 1001 },
        "formansfamilj": { "id": "BOB", "beskrivning": "Bostadsbidrag" },
        "datum": "2025-03-20",
        "period": { "fran": "2025-03" },
        "bruttobelopp": sek(3000.0), "skattebelopp": sek(0.0), "avdragsbelopp": sek(0.0),
        "nettobelopp": sek(3000.0)
    });
    json!({
        "utlamnare": [
            { "utlamnare": { "kod": "FK", "namn": "Försäkringskassan" }, "tillstand": { "kod": "OK", "beskrivning": "Tillgänglig" } },
            { "utlamnare": { "kod": "PM", "namn": "Pensionsmyndigheten" }, "tillstand": { "kod": "OK", "beskrivning": "Tillgänglig" } }
        ],
        "avvikelser": {
            "formansinformation": [
                { "avvikelse": { "kod": "INTERNT_FEL", "beskrivning": "Delsystemet svarade inte" },
                  "formansgrupp": { "kod": "FK:VB", "beskrivning": "Vårdbidrag" } }
            ]
        },
        "formansinformation": {
            "generellPersoninformation": [{
                "personnummer": VALID_PNR,
                "namn": "Anna Maria Andersson",
                "skyddad": true,
                "adress": [{
                    "roller": [{ "id": 2, "beskrivning": "Särskild adress" }],
                    "utdelningadress": ["Box 1"],
                    "postnummer": "11111",
                    "postort": "STAD",
                    "land": { "kod": "SE", "namn": "SVERIGE" }
                }],
                "barn": [{ "personnummer": "201001012382", "skyddad": true }]
            }],
            "bostadsbidragsarende": [{
                "startades": "2024-12-01", "aktivt": true, "avslaget": false,
                "beslut": [{
                    "fattades": "2025-01-10", "definitivt": false,
                    "forman": { "id": "BOB", "beskrivning": "Bostadsbidrag" },
                    "periodicitet": { "id": 1, "beskrivning": "Månadsvis" },
                    "period": { "fran": "2025-01" },
                    "beslutatBruttobelopp": sek(3000.0)
                }]
            }],
            "sjukpenningarende": [
                { "startades": "2025-02-27", "aktivt": true, "beslut": [{
                    "fattades": "2025-03-05", "definitivt": true,
                    "forman": { "id": "SJP", "beskrivning": "Sjukpenning" },
                    "period": { "fran": "2025-03-01", "till": "2025-03-20" },
                    "omfattning": { "taljare": 3, "namnare": 4 },
                    "beslutsutfall": "BEVILJAN", "beslutstyp": "SLUTLIGT"
                }]},
                { "startades": "2025-04-01", "aktivt": true, "beslut": [{
                    "fattades": "2025-04-10", "definitivt": true,
                    "forman": { "id": "SJP" }, "beslutsutfall": "AVSLAG"
                }]}
            ],
            "barnbidragsarende": [{}],
            "underhallsskuld": [{ "belopp": sek(1200.0) }],
            "utbetalningsuppgift": [effected, sick_pay],
            "preliminarautbetalningar": [duplicate_of_effected, planned]
        },
        "beslut": [{
            "beslutsid": "b1", "beslutsdatum": "2024-11-30",
            "formansgrupp": { "kod": "PM:BTI", "beskrivning": "Bostads- och inkomststöd" },
            "beslutsstatus": { "kod": "SLUTLIGT", "beskrivning": "Slutligt" },
            "beslutsutfall": { "kod": "BIFALL", "beskrivning": "Bifall" },
            "beslutadErsattning": [{
                "beslutatBelopp": { "belopp": 1800, "beloppsfrekvens": { "kod": "MANAD", "beskrivning": "Månad" } },
                "period": { "from": "2025-01-01" },
                "ersattningstyp": { "kod": "PM:BT", "beskrivning": "Bostadstillägg" },
                "omfattning": 0.5
            }]
        }],
        "ansprak": [{
            "ansprakid": "a1", "ankomstdatum": "2025-03-01",
            "formansgrupp": { "kod": "PM:AP", "beskrivning": "Allmän pension" },
            "yrkadPeriod": { "from": "2025-06-01", "tom": "2025-12-31" }
        }],
        "utbetalningar": [{
            "utbetalningsdatum": "2025-02-19",
            "utbetalningsperiod": { "from": "2025-02-01", "tom": "2025-02-28" },
            "bruttobelopp": 1800, "nettobelopp": 1500,
            "avdrag": [
                { "belopp": 250, "avdragstyp": { "kod": "PM:PS", "beskrivning": "Preliminär skatt" } },
                { "belopp": 50, "avdragstyp": { "kod": "PM:UTMATNING", "beskrivning": "Utmätning" } }
            ],
            "utbetalningsrader": [
                { "formansgrupp": { "kod": "PM:BTI", "beskrivning": "Bostads- och inkomststöd" }, "belopp": 1800,
                  "utbetalningsforman": { "kod": "PM:BTP", "beskrivning": "BTP" }, "beloppstyp": { "kod": "PM:BTP", "beskrivning": "BTP" } }
            ]
        }],
        "ovrigInformation": [{ "informationstyp": { "kod": "PM:PU", "beskrivning": "Pensionsunderlag" } }]
    })
}

#[test]
fn a_rich_lefi_answer_maps_every_part() {
    let body = serde_json::to_vec(&rich_answer()).unwrap();
    let (data, warnings) = expect_ok(fk::interpret_body(&spec(), &body, Some("application/json")));

    // The planned copy of an effected payment is counted once; nothing else is reported.
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert_eq!(
        warnings[0].path,
        "formansinformation/preliminarautbetalningar[1]"
    );

    let person = data.person.as_ref().unwrap();
    assert_eq!(person.identity.as_ref().unwrap().expose(), VALID_PNR);
    assert_eq!(person.given_name.as_deref(), Some("Anna Maria Andersson"));
    assert_eq!(person.protection[0].kind, ProtectionKind::Protected);
    assert_eq!(person.protection[0].field, "skyddad");
    let address = &person.addresses[0];
    assert_eq!(
        (address.kind.as_str(), address.country.as_deref()),
        ("sarskild", None)
    );

    let codes: Vec<(&str, &str)> = data
        .notices
        .iter()
        .map(|n| (n.code.as_str(), n.concerns.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        codes,
        [
            ("INTERNT_FEL", "formansinformation: FK:VB"),
            ("EJ_MAPPAD", "underhallsskuld"),
            ("EJ_MAPPAD", "ovrigInformation"),
            ("SKYDDAD_ANHORIG", ""),
        ]
    );

    let decisions: Vec<(&str, &str, &DecisionStatus)> = data
        .decisions
        .iter()
        .map(|d| (d.decided_by.as_str(), d.benefit.code.as_str(), &d.status))
        .collect();
    assert_eq!(
        decisions,
        [
            ("FK", "ABB", &DecisionStatus::Pending),
            ("FK", "BOB", &DecisionStatus::Preliminary),
            ("FK", "SJP", &DecisionStatus::Final),
            ("FK", "SJP", &DecisionStatus::Rejected),
            ("PM", "PM:AP", &DecisionStatus::Pending),
            ("PM", "PM:BTI", &DecisionStatus::Final),
        ]
    );
    let housing = &data.decisions[1];
    assert_eq!(housing.period, Some(period((2025, 1, 1), (2025, 1, 31))));
    assert!(housing.open_ended);
    assert_eq!(housing.amount, Some(Amount::from_kronor(3000)));
    assert_eq!(housing.frequency, Some(Frequency::Monthly));
    assert_eq!(housing.decided_on, Some(date(2025, 1, 10)));
    assert!(housing.benefit.label.is_some());
    assert_eq!(data.decisions[2].extent_percent, Some(Decimal::from(75)));
    let pension = &data.decisions[5];
    assert_eq!(pension.sub_benefit.as_ref().unwrap().code, "PM:BT");
    assert_eq!(pension.amount, Some(Amount::from_kronor(1800)));
    assert_eq!(pension.frequency, Some(Frequency::Monthly));
    assert_eq!(pension.extent_percent, Some(Decimal::from(50)));
    assert!(pension.open_ended);

    assert_eq!(data.payments.len(), 4);
    let housing_paid = &data.payments[0];
    assert_eq!(
        (housing_paid.payer.as_str(), housing_paid.state),
        ("FK", PaymentState::Effected)
    );
    assert_eq!(
        housing_paid.covers,
        Some(period((2025, 2, 1), (2025, 2, 28)))
    );
    assert_eq!(housing_paid.deductions.len(), 1);
    assert_eq!(housing_paid.deductions[0].kind.code, "INF");
    assert_eq!(housing_paid.deductions[0].amount, Amount::from_kronor(500));
    assert_eq!(housing_paid.days, Some(Decimal::from(28)));
    assert_eq!(housing_paid.net, Some(Amount::from_kronor(2500)));
    let sick_paid = &data.payments[1];
    assert_eq!(sick_paid.gross, Some(Amount::from_ore(1_000_055)));
    assert_eq!(sick_paid.tax, Some(Amount::from_kronor(3000)));
    assert!(
        sick_paid.deductions.is_empty(),
        "tax is not repeated among the deductions"
    );
    let planned = &data.payments[2];
    assert_eq!(planned.state, PaymentState::Planned);
    assert_eq!(planned.covers, Some(period((2025, 3, 1), (2025, 3, 31))));
    let pm = &data.payments[3];
    assert_eq!(
        (pm.payer.as_str(), pm.benefit.code.as_str()),
        ("PM", "PM:BTI")
    );
    assert_eq!(pm.tax, Some(Amount::from_kronor(250)));
    assert_eq!(pm.deductions[0].kind.code, "PM:UTMATNING");
    assert_eq!(pm.net, Some(Amount::from_kronor(1500)));
}

#[test]
fn lefi_no_data_outcomes() {
    let answer = |states: serde_json::Value, extra: serde_json::Value| {
        let mut v = json!({ "utlamnare": states });
        if let (Some(o), Some(e)) = (v.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        fk::interpret_body(&spec(), &serde_json::to_vec(&v).unwrap(), None)
    };
    let state = |who: &str, kod: &str| json!({ "utlamnare": { "kod": who }, "tillstand": { "kod": kod, "beskrivning": kod } });

    expect_no_match(answer(
        json!([state("FK", "OK"), state("PM", "OK")]),
        json!({}),
    ));
    let (code, message) = expect_source_error(answer(
        json!([state("FK", "OTILLGANGLIG"), state("PM", "FELANDE")]),
        json!({}),
    ));
    assert_eq!(code, "OTILLGANGLIG");
    assert_eq!(message, "FK: OTILLGANGLIG; PM: FELANDE");
    let deviation = json!({ "avvikelser": { "beslut": [{
        "avvikelse": { "kod": "INTERNT_FEL" }, "formansgrupp": { "kod": "PM:AP", "beskrivning": "Allmän pension" } }] } });
    let (code, _) = expect_source_error(answer(
        json!([state("FK", "OK"), state("PM", "OK")]),
        deviation,
    ));
    assert_eq!(code, "INTERNT_FEL");
}

#[test]
fn lefi_refusals_and_base64() {
    let (code, message) = expect_source_error(fk::interpret_error(
        400,
        r#"{"meddelande":"Perioden är för lång","timestamp":"2025-01-01T00:00:00Z"}"#.as_bytes(),
    ));
    assert_eq!(
        (code.as_str(), message.as_str()),
        ("400", "Perioden är för lång")
    );
    let (code, _) = expect_source_error(fk::interpret_error(403, b"<html>"));
    assert_eq!(code, "403");
    expect_invalid(fk::interpret_base64(&spec(), "not base64!"));
}

#[test]
fn foreign_currency_and_unreadable_amounts_make_the_answer_invalid() {
    let mut answer = rich_answer();
    answer["formansinformation"]["bostadsbidragsarende"][0]["beslut"][0]["beslutatBruttobelopp"] =
        json!({ "summa": 10.0, "valuta": "EUR" });
    let violations = expect_invalid(fk::interpret_body(
        &spec(),
        &serde_json::to_vec(&answer).unwrap(),
        None,
    ));
    assert!(
        violations
            .iter()
            .any(|v| v.path.ends_with("beslutatBruttobelopp/valuta")),
        "{violations:#?}"
    );

    let mut answer = rich_answer();
    answer["formansinformation"]["utbetalningsuppgift"][0]["bruttobelopp"]["summa"] = json!(1e300);
    let violations = expect_invalid(fk::interpret_body(
        &spec(),
        &serde_json::to_vec(&answer).unwrap(),
        None,
    ));
    assert!(
        violations
            .iter()
            .any(|v| v.path.contains("bruttobelopp/summa")),
        "{violations:#?}"
    );
}
