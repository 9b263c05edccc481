//! LEFI v9 shapes written by hand from the contract's OpenAPI: amounts with their unit,
//! per-day amounts, payment types, pending applications, co-applicants and calculation basis,
//! PM's payment rows, every case list, and codes the kodverk does not know.

use jiff::civil::date;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use underlag_domain::model::{
    Decision, DecisionStatus, Frequency, PaymentClass, PaymentState, SourceData,
};
use underlag_domain::{Amount, SourceId, Violation};
use underlag_upstream::agencies::fk;

use crate::common::*;

fn sek(summa: f64) -> Value {
    json!({ "summa": summa, "valuta": "SEK" })
}

fn ok_disclosers() -> Value {
    json!([
        { "utlamnare": { "kod": "FK" }, "tillstand": { "kod": "OK" } },
        { "utlamnare": { "kod": "PM" }, "tillstand": { "kod": "OK" } }
    ])
}

fn read(answer: Value) -> (SourceData, Vec<Violation>) {
    let body = serde_json::to_vec(&answer).unwrap();
    expect_ok(fk::interpret_body(&spec(), &body, Some("application/json")))
}

fn with_lists(lists: Value) -> Value {
    json!({ "utlamnare": ok_disclosers(), "formansinformation": lists })
}

fn only_decision(data: &SourceData) -> &Decision {
    assert_eq!(data.decisions.len(), 1, "{:#?}", data.decisions);
    &data.decisions[0]
}

#[test]
fn aktivitetsstod_per_day_carries_its_unit() {
    let (data, warnings) = read(with_lists(json!({
        "aktivitetsstodsarende": [{
            "startades": "2026-01-10", "aktivt": true, "avslaget": false,
            "grunduppgifter": { "atgardstyp": { "id": 53 } },
            "beslut": [{
                "fattades": "2026-01-20", "definitivt": true,
                "forman": { "id": "AS", "beskrivning": "Aktivitetsstöd" },
                "periodicitet": { "id": 0 },
                "period": { "fran": "2026-02-01", "till": "2026-07-31" },
                "beslutatBruttobelopp": sek(480.0), "dagar": 5, "karens": false,
                "ersattning": { "id": 1 }
            }]
        }]
    })));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let d = only_decision(&data);
    assert_eq!(d.amount, Some(Amount::from_kronor(480)));
    assert_eq!(d.frequency, Some(Frequency::Daily));
    assert_eq!(d.days, Some(Decimal::from(5)));
    assert_eq!(d.waiting_day, Some(false));
    assert_eq!(d.applied_on, Some(date(2026, 1, 10)));
    assert_eq!(d.activity.as_ref().unwrap().code, "53");
    assert_eq!(d.status, DecisionStatus::Final);
}

#[test]
fn sickness_benefit_decision_carries_its_daily_amount() {
    let (data, _) = read(with_lists(json!({
        "sjukpenningarende": [{
            "startades": "2026-03-01", "aktivt": true,
            "beslut": [{
                "fattades": "2026-03-05", "definitivt": true, "forman": { "id": "SJP" },
                "period": { "fran": "2026-03-01", "till": "2026-03-14" },
                "omfattning": { "taljare": 1, "namnare": 1 }, "dagar": 14, "karens": true,
                "beslutsutfall": "BEVILJAN", "beslutstyp": "SLUTLIGT", "ersattning": "SJP",
                "ersattningsniva": "80",
                "ersattningsdagar": [
                    { "ersattningsdatum": "2026-03-02", "ersattningsbelopp": sek(812.0), "karensavdragsbelopp": sek(162.4) },
                    { "ersattningsdatum": "2026-03-03", "ersattningsbelopp": sek(812.0) }
                ]
            }]
        }]
    })));
    let d = only_decision(&data);
    assert_eq!(d.amount, Some(Amount::from_kronor(812)));
    assert_eq!(d.frequency, Some(Frequency::Daily));
    assert_eq!(d.daily_amounts.len(), 2);
    assert_eq!(
        d.daily_amounts[0].waiting_day_deduction,
        Some(Amount::from_ore(16240))
    );
    assert_eq!(d.compensation_level.as_ref().unwrap().code, "80");
    assert_eq!(d.waiting_day, Some(true));
}

#[test]
fn parental_benefit_days_give_the_amount() {
    let (data, _) = read(with_lists(json!({
        "foraldrapenningarende": [{
            "startades": "2026-02-01", "aktivt": true,
            "beslut": [{
                "fattades": "2026-02-10", "definitivt": true, "forman": { "id": "FP" },
                "period": { "fran": "2026-02-01", "till": "2026-02-28" }, "dagar": 20,
                "ersattning": { "id": 1 },
                "ersattningsdagar": [
                    { "dag": "2026-02-02", "niva": { "id": "SGI" }, "bruttobelopp": sek(1012.0) }
                ]
            }]
        }]
    })));
    let d = only_decision(&data);
    assert_eq!(d.amount, Some(Amount::from_kronor(1012)));
    assert_eq!(d.frequency, Some(Frequency::Daily));
    assert_eq!(d.daily_amounts[0].level.as_ref().unwrap().code, "SGI");
}

#[test]
fn a_case_without_a_decision_is_a_pending_application() {
    let (data, _) = read(with_lists(json!({
        "bostadsbidragsarende": [{ "startades": "2026-09-14", "aktivt": true, "avslaget": false }]
    })));
    let d = only_decision(&data);
    assert_eq!(d.status, DecisionStatus::Pending);
    assert_eq!(d.applied_on, Some(date(2026, 9, 14)));
    assert!(d.is_pending_application());
    assert_eq!(d.benefit.code, "BOB");
}

#[test]
fn housing_allowance_carries_co_applicants_and_basis() {
    let (data, _) = read(with_lists(json!({
        "bostadsbidragsarende": [{
            "startades": "2026-01-02", "aktivt": true, "avslaget": false,
            "medsokande": [
                { "personnummer": VALID_PNR, "namn": "Anna Exempel", "skyddad": false },
                { "personnummer": VALID_PNR, "namn": "Hemlig", "skyddad": true }
            ],
            "beslut": [{
                "fattades": "2026-01-15", "definitivt": true, "forman": { "id": "BOB" },
                "periodicitet": { "id": 1 }, "period": { "fran": "2026-02" },
                "beslutatBruttobelopp": sek(2100.0),
                "underlag": {
                    "reduceradBostadskostnad": sek(5200.0), "totalBostadskostnad": sek(6100.0),
                    "inkomster": [sek(180000.0), sek(24000.0)],
                    "hemmavarandeBarn": [{ "personnummer": VALID_PNR }, { "foddes": "2019-05-01" }]
                }
            }]
        }]
    })));
    let d = only_decision(&data);
    assert_eq!(d.frequency, Some(Frequency::Monthly));
    assert!(d.open_ended);
    assert_eq!(d.co_applicants.len(), 2);
    assert_eq!(d.co_applicants[0].name.as_deref(), Some("Anna Exempel"));
    assert!(d.co_applicants[1].protected);
    assert!(d.co_applicants[1].name.is_none() && d.co_applicants[1].identity.is_none());
    let kinds: Vec<&str> = d.basis.iter().map(|b| b.kind.code.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "hemmavarandeBarn",
            "inkomster",
            "inkomster",
            "reduceradBostadskostnad",
            "totalBostadskostnad"
        ]
    );
    assert_eq!(d.basis[4].amount, Some(Amount::from_kronor(6100)));
    assert_eq!(d.basis[4].frequency, Some(Frequency::Monthly));
    assert_eq!(d.basis[1].frequency, Some(Frequency::Yearly));
    assert_eq!(d.basis[0].count, Some(2));
}

#[test]
fn housing_supplement_keeps_its_coordinated_amount_and_basis() {
    let (data, _) = read(with_lists(json!({
        "allmanpensionsarende": [{ "beslut": [{
            "fattades": "2025-12-01", "definitivt": true, "forman": { "id": "AP" },
            "periodicitet": { "id": 1 }, "period": { "fran": "2026-01" },
            "beslutatBruttobelopp": sek(9000.0), "samordnatBruttobelopp": sek(8500.0)
        }]}],
        "bostadstillaggsarende": [{ "startades": "2025-11-01", "beslut": [{
            "fattades": "2025-12-01", "definitivt": true, "forman": { "id": "BST" },
            "periodicitet": { "id": 1 }, "period": { "fran": "2026-01" },
            "beslutatBruttobelopp": sek(3000.0),
            "underlag": { "arsbruttokostnad": sek(72000.0), "bostadstillaggsnettokostnad": sek(60000.0) }
        }]}]
    })));
    let ap = &data.decisions[0];
    assert_eq!(ap.coordinated_amount, Some(Amount::from_kronor(8500)));
    let bst = &data.decisions[1];
    assert_eq!(bst.basis.len(), 2);
    assert_eq!(bst.basis[0].frequency, Some(Frequency::Yearly));
}

#[test]
fn retro_regular_and_preliminary_payments_are_told_apart() {
    let payment = |typ: u8, datum: &str| {
        json!({
            "typ": { "id": typ }, "foretag": { "id": 1001 },
            "formansfamilj": { "id": "SJP" }, "datum": datum,
            "period": { "fran": "2025-11-01", "till": "2025-11-30" },
            "bruttobelopp": sek(4000.0), "skattebelopp": sek(1200.0), "avdragsbelopp": sek(1200.0),
            "nettobelopp": sek(2800.0),
            "utbetalningsdetalj": [
                { "forman": { "id": "SJP" }, "beloppstyp": { "id": "SJP" }, "dagar": 5, "bruttobelopp": sek(4000.0) },
                { "forman": { "id": "SJP" }, "beloppstyp": { "id": "PS" }, "skattebelopp": sek(1200.0) }
            ]
        })
    };
    let (data, _) = read(with_lists(json!({
        "utbetalningsuppgift": [payment(3, "2026-02-25"), payment(1, "2026-01")],
        "preliminarautbetalningar": [payment(4, "2026-03-25")]
    })));
    let classes: Vec<_> = data
        .payments
        .iter()
        .map(|p| (p.state, p.payment_type.as_ref().unwrap().class))
        .collect();
    assert_eq!(
        classes,
        [
            (PaymentState::Effected, PaymentClass::Retroactive),
            (PaymentState::Effected, PaymentClass::Regular),
            (PaymentState::Planned, PaymentClass::Preliminary)
        ]
    );
    let retro = &data.payments[0];
    assert_eq!(
        retro.payment_type.as_ref().unwrap().code.label.as_deref(),
        Some("Retro")
    );
    assert_eq!(retro.rows.len(), 2);
    assert_eq!(retro.rows[0].days, Some(Decimal::from(5)));
    // A payout date given to the month only is kept as the month it lies within.
    let monthly = &data.payments[1];
    assert_eq!(monthly.payout_on, None);
    let within = monthly.payout_within.unwrap();
    assert_eq!(
        (within.from(), within.to()),
        (date(2026, 1, 1), date(2026, 1, 31))
    );
}

#[test]
fn pm_payment_is_split_between_pension_and_housing_supplement() {
    let (data, _) = read(json!({
        "utlamnare": ok_disclosers(),
        "ansprak": [{
            "ansprakid": "A1", "ankomstdatum": "2026-09-14",
            "formansgrupp": { "kod": "PM:BTI", "beskrivning": "Bostads- och inkomststöd" },
            "yrkadPeriod": { "from": "2026-10-01" }
        }],
        "utbetalningar": [{
            "utbetalningsdatum": "2026-10-19",
            "utbetalningsperiod": { "from": "2026-10-01", "tom": "2026-10-31" },
            "bruttobelopp": 12000, "nettobelopp": 10000,
            "avdrag": [{ "belopp": 2000, "avdragstyp": { "kod": "PM:PS", "beskrivning": "Preliminärskatt" } }],
            "utbetalningsrader": [
                { "formansgrupp": { "kod": "PM:AP", "beskrivning": "Allmän pension" }, "belopp": 9000,
                  "beloppstyp": { "kod": "PM:GARP", "beskrivning": "Garantipension" } },
                { "formansgrupp": { "kod": "PM:BTI", "beskrivning": "Bostads- och inkomststöd" }, "belopp": 3000,
                  "beloppstyp": { "kod": "PM:BTP", "beskrivning": "Bostadstillägg" } }
            ]
        }]
    }));
    let claim = only_decision(&data);
    assert_eq!(claim.applied_on, Some(date(2026, 9, 14)));
    assert!(claim.is_pending_application());
    let payment = &data.payments[0];
    let split: Vec<_> = payment
        .rows
        .iter()
        .map(|r| (r.benefit.as_ref().unwrap().code.as_str(), r.gross.unwrap()))
        .collect();
    assert_eq!(
        split,
        [
            ("PM:AP", Amount::from_kronor(9000)),
            ("PM:BTI", Amount::from_kronor(3000))
        ]
    );
}

#[test]
fn pm_decision_keeps_coordination_and_housing_basis() {
    let (data, _) = read(json!({
        "utlamnare": ok_disclosers(),
        "beslut": [{
            "beslutsid": "B1", "beslutsdatum": "2026-01-10",
            "formansgrupp": { "kod": "PM:BTI", "beskrivning": "Bostads- och inkomststöd" },
            "beslutsstatus": { "kod": "SLUTLIGT", "beskrivning": "Slutligt" },
            "beslutsutfall": { "kod": "BIFALL", "beskrivning": "Bifall" },
            "beslutadErsattning": [{
                "beslutatBelopp": { "belopp": 3000, "beloppsfrekvens": { "kod": "MANAD", "beskrivning": "Månad" } },
                "period": { "from": "2026-01-01" },
                "ersattningstyp": { "kod": "PM:BT", "beskrivning": "Bostadstillägg" },
                "underlag": { "samordning": { "beloppForeSamordning": 3500,
                    "samordningstyper": [{ "kod": "PM:SA", "beskrivning": "Sjukersättning" }] } }
            }],
            "tillagg": { "bostadsInkomststod": { "berakningsunderlag": {
                "bostadskostnadBrutto": 84000, "bostadskostnadNettoBt": 60000, "medsokande": VALID_PNR
            } } }
        }]
    }));
    let d = only_decision(&data);
    assert_eq!(d.frequency, Some(Frequency::Monthly));
    assert_eq!(d.co_applicants.len(), 1);
    let kinds: Vec<&str> = d.basis.iter().map(|b| b.kind.code.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "PM:SA",
            "beloppForeSamordning",
            "bostadskostnadBrutto",
            "bostadskostnadNettoBt"
        ]
    );
    assert_eq!(d.basis[2].amount, Some(Amount::from_kronor(84000)));
}

/// Every one of the 28 case lists is read into a decision; none is left as `EJ_MAPPAD`.
#[test]
fn every_case_list_is_read() {
    let lists = [
        "aktivitetsstodsarende",
        "allmanpensionsarende",
        "arbetsskadeefterlevandearende",
        "arbetsskadeegenlivrantearende",
        "barnbidragsarende",
        "bostadsbidragsarende",
        "bostadstillaggsarende",
        "efterlevandepensionsarende",
        "mottagareavbarnbidrag",
        "foraldrapenningarende",
        "forebyggandeSjukpenningsarende",
        "handikappersattningsarende",
        "graviditetspenningsarende",
        "merkostnadsersattningsarende",
        "narstaendepenningarende",
        "omvardnadsbidragsarende",
        "programersattningsarende",
        "rehabersattningsarende",
        "sjukOchAktivitetsersattningsarende",
        "sjukpenningarende",
        "smittbararersattningsarende",
        "tillfalligForaldrapenningarende",
        "totalforsvarspliktsarende",
        "underhallsstodskrav",
        "underhallsstodsmottag",
        "vardbidragsarende",
        "yrkesskadeefterlevandearende",
        "yrkesskadeegenlivrantearende",
    ];
    let beslut = json!({
        "fattades": "2026-01-15", "definitivt": true,
        "periodicitet": { "id": 1 }, "period": { "fran": "2026-01-01", "till": "2026-06-30" },
        "beslutatBruttobelopp": sek(1500.0)
    });
    let mut fi = serde_json::Map::new();
    for list in lists {
        // MEK and OMV carry one decision object, the others a list.
        let decisions = if list.starts_with("merkostnad") || list.starts_with("omvardnad") {
            beslut.clone()
        } else {
            json!([beslut.clone()])
        };
        fi.insert(
            list.into(),
            json!([{ "startades": "2026-01-02", "beslut": decisions }]),
        );
    }
    let (data, _) = read(with_lists(Value::Object(fi)));
    assert_eq!(data.decisions.len(), lists.len());
    assert!(
        data.notices.iter().all(|n| n.code != "EJ_MAPPAD"),
        "{:#?}",
        data.notices
    );
    for d in &data.decisions {
        assert_eq!(d.amount, Some(Amount::from_kronor(1500)));
        assert_eq!(d.frequency, Some(Frequency::Monthly));
        assert_eq!(d.applied_on, Some(date(2026, 1, 2)));
        assert!(!d.benefit.code.is_empty());
    }
}

#[test]
fn an_unknown_payment_type_is_kept_with_a_warning() {
    let (data, warnings) = read(with_lists(json!({
        "utbetalningsuppgift": [{
            "typ": { "id": 9 }, "foretag": { "id": 1001 }, "formansfamilj": { "id": "BOB" },
            "datum": "2026-02-20", "bruttobelopp": sek(100.0), "nettobelopp": sek(100.0)
        }]
    })));
    let kind = data.payments[0].payment_type.as_ref().unwrap();
    assert_eq!(kind.class, PaymentClass::Other);
    assert_eq!(kind.code.code, "9");
    assert!(
        warnings.iter().any(|w| w.path.ends_with("typ/id")),
        "{warnings:#?}"
    );
}

#[test]
fn unknown_delforman_and_level_codes_are_kept_with_a_warning() {
    let (data, warnings) = read(with_lists(json!({
        "sjukOchAktivitetsersattningsarende": [{ "startades": "2025-01-10", "aktivt": true,
            "beslut": [{ "fattades": "2025-02-01", "definitivt": true, "forman": { "id": "SA" },
                "delforman": { "id": "XE", "beskrivning": "Okänd" }, "ersattningsniva": "81",
                "period": { "fran": "2025-03-01" }, "beslutatBruttobelopp": sek(9000.0) }] }]
    })));
    let d = only_decision(&data);
    assert_eq!(d.sub_benefit.as_ref().unwrap().code, "XE");
    assert_eq!(d.compensation_level.as_ref().unwrap().code, "81");
    for path in ["delforman/id", "ersattningsniva"] {
        assert!(
            warnings.iter().any(|w| w.path.ends_with(path)),
            "{path}: {warnings:#?}"
        );
    }
}

/// What the REST answer's `data` shows for a retro payment and a pending application.
#[test]
fn retro_payment_and_pending_application_in_the_rest_data() {
    let (data, _) = read(with_lists(json!({
        "bostadsbidragsarende": [{ "startades": "2026-09-14", "aktivt": true }],
        "utbetalningsuppgift": [{
            "typ": { "id": 3, "beskrivning": "Retro" }, "foretag": { "id": 1001 },
            "formansfamilj": { "id": "BOB" }, "datum": "2026-10-20",
            "period": { "fran": "2026-06-01", "till": "2026-08-31" },
            "bruttobelopp": sek(4500.0), "skattebelopp": sek(0.0), "avdragsbelopp": sek(0.0),
            "nettobelopp": sek(4500.0)
        }]
    })));
    let rest = serde_json::to_value(&data).unwrap();
    let pending = &rest["decisions"][0];
    assert_eq!(pending["status"], json!({ "kind": "pending" }));
    assert_eq!(pending["applied_on"], "2026-09-14");
    assert!(pending.get("decided_on").is_none());
    let retro = &rest["payments"][0];
    assert_eq!(retro["payment_type"]["class"], "retroactive");
    assert_eq!(retro["payment_type"]["code"]["code"], "3");
    assert_eq!(
        retro["covers"],
        json!({ "from": "2026-06-01", "to": "2026-08-31" })
    );
    assert_eq!(retro["gross"], "4500.00");
}

#[test]
fn a_pm_row_without_benefit_group_keeps_its_payment_benefit() {
    let (data, _) = read(json!({
        "utlamnare": ok_disclosers(),
        "utbetalningar": [{
            "utbetalningsdatum": "2026-10-19", "bruttobelopp": 3000, "nettobelopp": 3000,
            "utbetalningsrader": [{ "belopp": 3000,
                "utbetalningsforman": { "kod": "PM:BTP", "beskrivning": "Bostadstillägg" } }]
        }]
    }));
    let row = &data.payments[0].rows[0];
    assert_eq!(row.benefit.as_ref().unwrap().code, "PM:BTP");
    assert_eq!(row.gross, Some(Amount::from_kronor(3000)));
}

/// Defect found by the simulator: the FK adapter took a co-applicant's number (`medsokande`)
/// for the identity the answer states, and refused the answer as being about someone else.
#[tokio::test]
async fn a_co_applicants_number_is_not_taken_for_the_stated_identity() {
    let answer = with_lists(json!({
        "generellPersoninformation": [{ "personnummer": VALID_PNR, "namn": "Tolvan" }],
        "bostadsbidragsarende": [{
            "startades": "2026-01-02",
            "medsokande": [{ "personnummer": "199001022384", "namn": "Anna Exempel" }]
        }]
    }));
    let body: &'static str = Box::leak(answer.to_string().into_boxed_str());
    // The entitlements (GET) name the groups; the question (POST) gets the answer.
    let entitled = r#"{"formansinformation":[{"kod":"FK:BOB","beskrivning":"Bostadsbidrag"}],
        "ovrigInformation":[{"kod":"FK:GEPI","beskrivning":"Personinformation"}]}"#;
    let router = axum::Router::new().fallback(axum::routing::any(
        move |method: axum::http::Method| async move {
            let text = if method == axum::http::Method::GET {
                entitled
            } else {
                body
            };
            ([("content-type", "application/json")], text)
        },
    ));
    let base = crate::http::serve(router).await;
    let endpoints = underlag_upstream::Endpoints::from_base_urls([(SourceId::Fk, base.as_str())]);
    let fk = underlag_upstream::adapter(&endpoints, SourceId::Fk, spec()).unwrap();
    let (data, _) = expect_ok(fk.fetch(&request()).await.unwrap().outcome);
    let co_applicant = &data.decisions[0].co_applicants[0];
    assert_eq!(
        co_applicant
            .identity
            .as_ref()
            .map(|p| p.expose().to_owned()),
        Some("199001022384".to_owned())
    );
}
