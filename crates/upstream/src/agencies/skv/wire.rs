//! Skatteverket's wire format: the `BeskattningsuppgifterRequest` (an XML document in
//! `forfragan`) and the mapping of `SvarBeskattningsuppgifterEnligtSFS2008-975`.

use underlag_domain::model::{
    CapitalIncome, Notice, PersonInfo, SourceData, TaxAccountPayout, TaxStatus, TaxStatusScope,
};
use underlag_domain::{Amount, Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper};
use crate::xml_write::XmlWriter;

const NS_SERVICE: &str = "http://beskattningws.ws.service.bs.zg.rsv.se/";
const NS_STANDARD: &str =
    "http://xmls.skatteverket.se/se/skatteverket/zg/instans/standardiseradInformation/1.0";

/// Code list of `StatusPersonuppgiftKod`.
pub(crate) const STATUSKOD: &str = "skv-statuskod";
/// Code list of the status of capital data and of tax-account data.
pub(crate) const DELSTATUSKOD: &str = "skv-delstatuskod";

/// Skatteverket's status codes: the person's, then capital data's and tax-account data's
/// (`StatusKapitaluppgiftKod`, `StatusSkattekontouppgiftKod`, see `docs/agency-wire.md`).
fn statuses(m: &mut Mapper<'_>, at: &At<'_>) -> Vec<TaxStatus> {
    let mut out = Vec::new();
    for (name, scope, list) in [
        ("StatusPersonuppgiftKod", TaxStatusScope::Person, STATUSKOD),
        (
            "StatusKapitaluppgiftKod",
            TaxStatusScope::CapitalIncome,
            DELSTATUSKOD,
        ),
        (
            "StatusSkattekontouppgiftKod",
            TaxStatusScope::TaxAccount,
            DELSTATUSKOD,
        ),
    ] {
        if let Some(code) = at.text_of(name) {
            let status = m.checked_code(at.join(name), list, code.trim(), None);
            out.push(TaxStatus { scope, status });
        }
    }
    out
}

/// The `BeskattningsuppgifterRequest` body element; `forfragan` carries the request document
/// as text.
pub(crate) fn request(request: &SourceRequest) -> String {
    let context = &request.context;
    let mut inner = XmlWriter::new();
    inner
        .open(
            "BegaranBeskattningsuppgifterEnligtSFS2008-975",
            &[("xmlns", NS_STANDARD)],
        )
        .leaf("IdentitetsbeteckningFysiskPerson", request.person.expose())
        .leaf("Organisationsnummer", &context.organisation.sixteen_form())
        .leaf("Handlaggare", &context.case_worker)
        .leaf("Arendeid", &context.case_id)
        .leaf("FromDatum", &request.period.from().to_string())
        .leaf("TomDatum", &request.period.to().to_string());
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}",
        inner.finish()
    );
    let mut w = XmlWriter::new();
    w.open(
        "skv:BeskattningsuppgifterRequest",
        &[("xmlns:skv", NS_SERVICE)],
    )
    .leaf("forfragan", &document);
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Skv, root, |m, at| {
        let people = at
            .child("PersonuppgiftLista")
            .map(|l| l.children("Personuppgift"));
        let people = people.unwrap_or_default();
        match people.as_slice() {
            [] => Verdict::NoMatch,
            [person] => map_person(m, person),
            [_, more @ ..] => {
                m.problem(
                    at.join("PersonuppgiftLista"),
                    Severity::Error,
                    format!(
                        "the answer concerns {} persons, one was asked about",
                        more.len() + 1
                    ),
                );
                Verdict::NoMatch
            }
        }
    })
}

fn map_person(m: &mut Mapper<'_>, at: &At<'_>) -> Verdict {
    let identity = at
        .text_of("IdentitetsbeteckningFysiskPerson")
        .and_then(|t| m.identity(at.join("IdentitetsbeteckningFysiskPerson"), t));
    let status = at
        .text_of("StatusPersonuppgiftKod")
        .unwrap_or_default()
        .to_owned();
    let capital_income: Vec<CapitalIncome> = at
        .children("Kapitaluppgift")
        .iter()
        .filter_map(|k| capital(m, k))
        .collect();
    let tax_account_payouts: Vec<TaxAccountPayout> = at
        .children("Skattekontouppgift")
        .iter()
        .filter_map(|s| payout(m, s))
        .collect();
    let tax_statuses = statuses(m, at);
    let has_data = !capital_income.is_empty() || !tax_account_payouts.is_empty();
    let mut notices = Vec::new();
    match status.as_str() {
        "0" => {}
        "1" if !has_data => return Verdict::NoMatch,
        "1" => m.warn(
            at.join("StatusPersonuppgiftKod"),
            "the status says there is no data, but data was delivered; it is kept",
        ),
        code => notices.push(Notice {
            code: code.to_owned(),
            text: m
                .label(STATUSKOD, code)
                .unwrap_or_else(|| "Statuskod utan känd betydelse".to_owned()),
            concerns: Some("StatusPersonuppgiftKod".to_owned()),
        }),
    }
    Verdict::data(SourceData {
        person: Some(PersonInfo {
            identity,
            given_name: at.text_of("Fornamn").map(str::to_owned),
            family_name: at.text_of("Efternamn").map(str::to_owned),
            ..PersonInfo::default()
        }),
        capital_income,
        tax_account_payouts,
        tax_statuses,
        notices,
        ..SourceData::default()
    })
}

/// One taxation year; missing sums are 0, as Skatteverket delivers missing or negative sums.
fn capital(m: &mut Mapper<'_>, at: &At<'_>) -> Option<CapitalIncome> {
    let Some(taxation_year) = m.integer(at, "Taxeringsar") else {
        if at.text_of("Taxeringsar").is_none() {
            m.problem(
                at.join("Taxeringsar"),
                Severity::Error,
                "capital income without taxation year",
            );
        }
        return None;
    };
    // A sum that is there but unreadable drops the year (reported), rather than reading as 0.
    let mut sum = |name: &str| match at.text_of(name) {
        None => Some(Amount::ZERO),
        Some(_) => m.amount(at, name),
    };
    let total_income = sum("SummaIntakterPaKapital");
    let surplus = sum("OverskottPaKapital");
    Some(CapitalIncome {
        taxation_year,
        total_income: total_income?,
        surplus: surplus?,
    })
}

fn payout(m: &mut Mapper<'_>, at: &At<'_>) -> Option<TaxAccountPayout> {
    let amount = m.amount(at, "Belopp");
    let booked_on = m.date(at, "Bokforingsdatum");
    for (name, missing) in [
        ("Belopp", amount.is_none()),
        ("Bokforingsdatum", booked_on.is_none()),
    ] {
        if missing && at.text_of(name).is_none() {
            m.problem(
                at.join(name),
                Severity::Error,
                format!("a tax-account payout has no {name}"),
            );
        }
    }
    Some(TaxAccountPayout {
        amount: amount?,
        booked_on: booked_on?,
    })
}
