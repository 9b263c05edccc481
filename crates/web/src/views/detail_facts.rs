//! The "other facts" of a source's answer as rows of (what, value): job-seeker status, study
//! support, capital income, tax account, tax statuses, unemployment funds, vehicles, permits,
//! the provider's notices and identity details. Never an address.

use underlag_domain::SourceId;
use underlag_domain::model::{ActivityReportStatus, PermitValidity, SourceData, TaxStatusScope};
use underlag_spec::Spec;

use super::detail::Cell;
use super::detail::lists::{CATEGORY, PERMIT, TAX_STATUS};
use crate::format;

fn row(what: impl Into<String>, value: Cell) -> Vec<Cell> {
    vec![
        Cell {
            text: what.into(),
            code: None,
            numeric: false,
        },
        value,
    ]
}

fn text(value: impl Into<String>) -> Cell {
    Cell {
        text: value.into(),
        code: None,
        numeric: false,
    }
}

fn code(spec: &Spec, lists: &[&str], source: SourceId, c: &underlag_domain::model::Code) -> Cell {
    super::detail::code_cell_pub(spec, lists, source, c)
}

/// The facts of `data` as rows.
pub(super) fn facts(
    spec: &Spec,
    source: SourceId,
    data: &SourceData,
    protected: bool,
) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    if let Some(person) = &data.person {
        if let Some(id) = &person.identity {
            out.push(row("Identitet", text(format::personnummer(id.expose()))));
        }
        let name = [person.given_name.as_deref(), person.family_name.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        if !name.is_empty() && person.protection.is_empty() && !protected {
            out.push(row("Namn", text(name)));
        }
        if !person.protection.is_empty() || protected {
            out.push(row("Skydd", text("Skyddade personuppgifter")));
        }
        if let Some(d) = person.deceased_on {
            out.push(row("Avliden", text(format::date(d))));
        }
        if let Some(d) = person.entered_sweden_on {
            out.push(row("Inresa i Sverige", text(format::date(d))));
        }
        if !person.addresses.is_empty() {
            out.push(row("Adress", text("Visas inte i Underlag")));
        }
    }
    if let Some(js) = &data.job_seeker {
        out.push(row(
            "Inskriven som arbetssökande",
            text(if js.registered { "Ja" } else { "Nej" }),
        ));
        if let Some(c) = &js.category {
            out.push(row("Sökandekategori", code(spec, CATEGORY, source, c)));
        }
        if let Some(d) = js.registered_on {
            out.push(row("Inskriven från", text(format::date(d))));
        }
        if let Some(d) = js.deregistered_on {
            out.push(row("Avaktualiserad", text(format::date(d))));
        }
        if let Some(p) = js.extent_percent {
            out.push(row("Omfattning", text(format!("{p} %"))));
        }
        if let Some(r) = &js.activity_report {
            let status = match r.status {
                ActivityReportStatus::Submitted => "Lämnad",
                ActivityReportStatus::NotInSystem => "Finns inte i systemet",
                ActivityReportStatus::NotSubmitted => "Inte lämnad",
                ActivityReportStatus::TechnicalError => "Tekniskt fel",
                ActivityReportStatus::Unknown => "Okänd",
            };
            let latest = r
                .latest_on
                .map(|d| format!(", senast {d}"))
                .unwrap_or_default();
            out.push(row(
                "Aktivitetsrapport",
                text(format!("{status} ({}){latest}", r.code)),
            ));
        }
        if let Some(f) = &js.unemployment_fund {
            out.push(row("Arbetslöshetskassa", text(f.clone())));
        }
    }
    for case in &data.study_support {
        let granted: Vec<String> = case
            .granted
            .iter()
            .map(|g| {
                let amounts: Vec<String> = g
                    .amounts
                    .iter()
                    .map(|a| {
                        format!(
                            "{} {}",
                            a.kind.label.clone().unwrap_or_else(|| a.kind.code.clone()),
                            format::amount_sv(a.amount)
                        )
                    })
                    .collect();
                format!("{}: {}", format::period(&g.period), amounts.join(", "))
            })
            .collect();
        out.push(row(
            format!(
                "Studiestöd: {}",
                case.support_form
                    .label
                    .clone()
                    .unwrap_or_else(|| case.support_form.code.clone())
            ),
            text(if granted.is_empty() {
                "Inget beviljat belopp".to_owned()
            } else {
                granted.join("; ")
            }),
        ));
    }
    for c in &data.capital_income {
        out.push(row(
            format!("Kapitalinkomst taxeringsår {}", c.taxation_year),
            text(format!(
                "Summa intäkter {}, överskott {}",
                format::amount_sv(c.total_income),
                format::amount_sv(c.surplus)
            )),
        ));
    }
    for p in &data.tax_account_payouts {
        out.push(row(
            format!("Utbetalning från skattekontot {}", p.booked_on),
            Cell {
                text: format::amount_sv(p.amount),
                code: None,
                numeric: true,
            },
        ));
    }
    for s in &data.tax_statuses {
        let scope = match s.scope {
            TaxStatusScope::Person => "Status personuppgifter",
            TaxStatusScope::CapitalIncome => "Status kapitalinkomst",
            TaxStatusScope::TaxAccount => "Status skattekonto",
        };
        out.push(row(scope, code(spec, TAX_STATUS, source, &s.status)));
    }
    for f in &data.unemployment_funds {
        out.push(row(format!("A-kassa: {}", f.fund), text(f.status.clone())));
        for s in &f.suspensions {
            out.push(row(
                format!("Avstängning ({})", f.fund),
                text(format::period(s)),
            ));
        }
    }
    for v in &data.vehicles {
        let what = [
            v.make.clone(),
            v.trade_name.clone(),
            v.model_year.map(|y| y.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
        let kind = v
            .kind
            .as_ref()
            .map(|k| k.label.clone().unwrap_or_else(|| k.code.clone()))
            .unwrap_or_default();
        out.push(row(
            format!("Fordon {}", v.registration),
            text(format!("{kind} {what}").trim().to_owned()),
        ));
    }
    for p in &data.permits {
        let validity = match p.validity {
            Some(PermitValidity::Permanent) => "permanent",
            Some(PermitValidity::TimeLimited) => "tidsbegränsat",
            None => "",
        };
        let valid = p.valid.as_ref().map(format::period).unwrap_or_default();
        let mut cell = code(spec, PERMIT, source, &p.case_type);
        cell.text = format!("{} {validity} {valid}", cell.text)
            .trim()
            .to_owned();
        out.push(row("Tillstånd", cell));
    }
    for n in &data.notices {
        let concerns = n
            .concerns
            .as_ref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        out.push(row(
            format!("Meddelande {}{concerns}", n.code),
            text(n.text.clone()),
        ));
    }
    out
}
