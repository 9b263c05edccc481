//! The AGI wire format (`docs/agency-wire.md`): the `HamtaIndividuppgifter` request and the
//! mapping of `IndividuppgifterSvar` to earned income per employer and month, with
//! corrections applied: of the declarations with the same employer, redovisningsperiod and
//! specifikationsnummer (field 570), the latest received is in force.

use std::collections::BTreeMap;

use jiff::civil::Date;
use underlag_domain::model::{EarnedIncome, Employer, Notice, SourceData};
use underlag_domain::{Organisationsnummer, Period, Severity, SourceId};
use underlag_service::SourceRequest;
use underlag_spec::{Node, Spec};

use crate::interpretation::{Interpreted, Verdict, interpret_root};
use crate::mapping::{At, Mapper, checked_difference, checked_sum};
use crate::xml_write::XmlWriter;

/// The message namespace (Underlag's; the element names are Skatteverket's).
pub(crate) const NAMESPACE: &str = "urn:underlag:agency:skatteverket:agi:1";

/// The notice code of a corrected declaration.
pub(crate) const CORRECTED: &str = "RATTAD";

/// The request: the payee and the first and last redovisningsperiod (`yyyymm`).
pub(crate) fn request(request: &SourceRequest) -> String {
    let month = |d: Date| format!("{:04}{:02}", d.year(), d.month());
    let mut w = XmlWriter::new();
    w.open("HamtaIndividuppgifter", &[("xmlns", NAMESPACE)])
        .leaf("BetalningsmottagarId", request.person.expose())
        .leaf("FromRedovisningsperiod", &month(request.period.from()))
        .leaf("TomRedovisningsperiod", &month(request.period.to()));
    w.finish()
}

pub(crate) fn interpret(spec: &Spec, root: &Node) -> Interpreted {
    interpret_root(spec, SourceId::Agi, root, |m, at| {
        if let Some(id) = at.text_of("BetalningsmottagarId") {
            m.identity(at.join("BetalningsmottagarId"), id);
        }
        match at.text_of("Status") {
            Some("FEL") => Verdict::SourceError {
                code: at
                    .child("Fel")
                    .and_then(|f| f.text_of("Felkod"))
                    .unwrap_or("FEL")
                    .to_owned(),
                message: at
                    .child("Fel")
                    .and_then(|f| f.text_of("Feltext"))
                    .unwrap_or("Skatteverket answered FEL without Fel")
                    .to_owned(),
            },
            Some("EJ_TRAFF") => Verdict::NoMatch,
            _ => declarations(m, &at),
        }
    })
}

/// One declaration as read, before corrections are applied.
struct Declaration {
    key: (Organisationsnummer, Period, String),
    received_on: Option<Date>,
    income: EarnedIncome,
}

fn declarations(m: &mut Mapper<'_>, at: &At<'_>) -> Verdict {
    let read: Vec<Declaration> = at
        .children("Individuppgift")
        .iter()
        .filter_map(|d| declaration(m, d))
        .collect();
    if read.is_empty() {
        return Verdict::NoMatch;
    }
    // Latest received wins; equal days keep document order (the later one wins).
    let mut in_force: BTreeMap<(Organisationsnummer, Period, String), Declaration> =
        BTreeMap::new();
    for d in read {
        let replaced = match in_force.remove(&d.key) {
            None => d,
            Some(earlier) => {
                let (mut later, older) = if d.received_on >= earlier.received_on {
                    (d, earlier)
                } else {
                    (earlier, d)
                };
                later.income.replaced = older.income.replaced + 1;
                later.income.corrected = true;
                later
            }
        };
        in_force.insert(replaced.key.clone(), replaced);
    }
    let mut data = SourceData::default();
    for d in in_force.into_values() {
        if d.income.corrected {
            data.notices.push(Notice {
                code: CORRECTED.to_owned(),
                text: "Individuppgiften har rättats: den senast inkomna gäller".to_owned(),
                concerns: Some(format!(
                    "{} {:04}-{:02}",
                    d.income.employer.organisationsnummer,
                    d.income.month.from().year(),
                    d.income.month.from().month()
                )),
            });
        }
        data.earned_income.push(d.income);
    }
    data.earned_income.sort_by(|a, b| {
        (a.month, &a.employer.organisationsnummer).cmp(&(b.month, &b.employer.organisationsnummer))
    });
    Verdict::data(data)
}

fn declaration(m: &mut Mapper<'_>, d: &At<'_>) -> Option<Declaration> {
    let employer_at = d.child("Arbetsgivare")?;
    let id_path = employer_at.join("AgRegistreradId");
    let organisationsnummer = match Organisationsnummer::parse(
        employer_at.text_of("AgRegistreradId")?,
    ) {
        Ok(o) => o,
        Err(e) => {
            m.problem(
                id_path,
                Severity::Warning,
                format!("the employer's organisationsnummer is not valid ({e}); the declaration is left out"),
            );
            return None;
        }
    };
    let month = month(m, d)?;
    let specification_number = d.text_of("Specifikationsnummer")?.trim().to_owned();
    let received_on = m.date(d, "Inkommen");
    let amount = |m: &mut Mapper<'_>, name: &str| m.amount(d, name);
    let gross = amount(m, "KontantErsattningUlagAG");
    let gross_without_contributions = amount(m, "KontantErsattningEjUlagSA");
    let tax = amount(m, "AvdrPrelSkatt");
    let cash = match (gross, gross_without_contributions) {
        (None, None) => None,
        (a, b) => checked_sum(a.into_iter().chain(b)),
    };
    let net = match (cash, tax) {
        (Some(cash), Some(tax)) => checked_difference(cash, tax),
        _ => None,
    };
    let income = EarnedIncome {
        employer: Employer {
            organisationsnummer: organisationsnummer.clone(),
            name: employer_at.text_of("Namn").map(str::to_owned),
        },
        month,
        specification_number: specification_number.clone(),
        gross,
        gross_without_contributions,
        taxable_benefits: amount(m, "SkatteplOvrigaFormanerUlagAG"),
        car_benefit: amount(m, "SkatteplBilformanUlagAG"),
        expense_deduction: amount(m, "AvdragUtgiftArbetet"),
        tax,
        net,
        corrected: false,
        replaced: 0,
        received_on,
        declared_before_payout: received_on.is_some_and(|r| r < month.from()),
    };
    Some(Declaration {
        key: (organisationsnummer, month, specification_number),
        received_on,
        income,
    })
}

/// The redovisningsperiod `yyyymm` as the month's period.
fn month(m: &mut Mapper<'_>, d: &At<'_>) -> Option<Period> {
    let text = d.text_of("RedovisningsPeriod")?;
    let parsed = (text.len() == 6)
        .then(|| {
            let year: i16 = text[..4].parse().ok()?;
            let month: i8 = text[4..].parse().ok()?;
            let first = Date::new(year, month, 1).ok()?;
            Period::new(first, first.last_of_month()).ok()
        })
        .flatten();
    if parsed.is_none() {
        m.unreadable(d.join("RedovisningsPeriod"), "a month (yyyymm)");
    }
    parsed
}
