//! The application form, parsed: every field checked, every error naming its field with a
//! Swedish sentence that never repeats what was typed.
//!
//! Fields: `kind` (`ny`/`manad`), `month` (`YYYY-MM`, from two months back to next month),
//! `co_applicant` (a personnummer, or empty), `cost_<code>` per [`CostKind`] (kronor, or
//! empty) and `cost_ovrigt_note`, income rows `income_<n>_who|kind|payer|amount` for
//! n = 1..=[`INCOME_ROWS`], and `other_information`.

use jiff::civil::Date;
use underlag_domain::free_text::{FreeTextError, parse_optional_free_text};
use underlag_domain::{Amount, Personnummer};

use crate::application::{ApplicationDraft, ApplicationKind, ApplicationMonth, Household};
use crate::costs::{Cost, CostKind};
use crate::incomes::{Declarant, DeclaredIncome, IncomeKind};

/// How many income rows the form has.
pub const INCOME_ROWS: usize = 4;

/// The largest amount accepted for one cost or income, in kronor.
const MAX_AMOUNT_KRONOR: i64 = 1_000_000;

/// The longest note or payer, in characters.
const MAX_SHORT_TEXT_CHARS: usize = 200;

/// The longest "other information", in characters.
const MAX_OTHER_INFORMATION_CHARS: usize = 2000;

/// A field that could not be accepted: its name in the form and a Swedish sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field (its `name` and the `id` of its input).
    pub field: String,
    /// What is wrong, in Swedish, without the value.
    pub message: &'static str,
}

impl FieldError {
    fn new(field: impl Into<String>, message: &'static str) -> Self {
        Self {
            field: field.into(),
            message,
        }
    }
}

/// Parses the form for `applicant` (the signed-in person) on `today`. `get` reads a field.
pub fn parse_application_form<'f>(
    get: impl Fn(&str) -> Option<&'f str>,
    applicant: &Personnummer,
    today: Date,
) -> Result<ApplicationDraft, Vec<FieldError>> {
    let mut errors = Vec::new();
    let text = |name: &str| get(name).unwrap_or("").trim().to_owned();

    let kind = ApplicationKind::from_code(&text("kind"));
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Välj om det är en ny ansökan eller en månadsansökan.",
        ));
    }

    let month = match ApplicationMonth::parse(&text("month")) {
        Ok(m) => {
            let current = ApplicationMonth::of(today);
            if m < current.shifted(-2) || m > current.shifted(1) {
                errors.push(FieldError::new(
                    "month",
                    "Du kan söka för den här månaden, nästa månad eller de två senaste månaderna.",
                ));
            }
            Some(m)
        }
        Err(_) => {
            errors.push(FieldError::new("month", "Välj vilken månad du söker för."));
            None
        }
    };

    let co_text = text("co_applicant");
    let co_applicant = if co_text.is_empty() {
        None
    } else {
        match Personnummer::parse(&co_text, today) {
            Ok(p) if &p == applicant => {
                errors.push(FieldError::new(
                    "co_applicant",
                    "Medsökande ska vara en annan person än du.",
                ));
                None
            }
            Ok(p) => Some(p),
            Err(_) => {
                errors.push(FieldError::new(
                    "co_applicant",
                    "Skriv medsökandes personnummer med 12 siffror, till exempel ÅÅÅÅMMDD-NNNN.",
                ));
                None
            }
        }
    };

    let mut costs = Vec::new();
    for kind in CostKind::ALL {
        let field = format!("cost_{}", kind.code());
        let value = text(&field);
        if value.is_empty() {
            continue;
        }
        let Some(amount) = parse_amount(&value) else {
            errors.push(FieldError::new(
                field,
                "Skriv beloppet i hela kronor eller med ören, till exempel 6500 eller 6500,50.",
            ));
            continue;
        };
        let note = if kind == CostKind::Other {
            match short_text(get("cost_ovrigt_note").unwrap_or("")) {
                Ok(n) if n.is_empty() => {
                    errors.push(FieldError::new(
                        "cost_ovrigt_note",
                        "Skriv vad de övriga kostnaderna gäller.",
                    ));
                    String::new()
                }
                Ok(n) => n,
                Err(message) => {
                    errors.push(FieldError::new("cost_ovrigt_note", message));
                    String::new()
                }
            }
        } else {
            String::new()
        };
        costs.push(Cost { kind, amount, note });
    }

    let mut incomes = Vec::new();
    for n in 1..=INCOME_ROWS {
        let field = |part: &str| format!("income_{n}_{part}");
        let amount_text = text(&field("amount"));
        let payer_text = get(&field("payer")).unwrap_or("");
        if amount_text.is_empty() && payer_text.trim().is_empty() {
            continue;
        }
        let who = Declarant::from_code(&text(&field("who")));
        let who = match who {
            Some(Declarant::CoApplicant) if co_applicant.is_none() && co_text.is_empty() => {
                errors.push(FieldError::new(
                    field("who"),
                    "Inkomsten kan bara gälla medsökande om du har angett en medsökande.",
                ));
                None
            }
            Some(w) => Some(w),
            None => {
                errors.push(FieldError::new(field("who"), "Välj vem inkomsten gäller."));
                None
            }
        };
        let kind = IncomeKind::from_code(&text(&field("kind")));
        if kind.is_none() {
            errors.push(FieldError::new(
                field("kind"),
                "Välj vilken sorts inkomst det är.",
            ));
        }
        let payer = match short_text(payer_text) {
            Ok(p) if p.is_empty() => {
                errors.push(FieldError::new(
                    field("payer"),
                    "Skriv vem som betalar ut inkomsten.",
                ));
                None
            }
            Ok(p) => Some(p),
            Err(message) => {
                errors.push(FieldError::new(field("payer"), message));
                None
            }
        };
        let amount = parse_amount(&amount_text);
        if amount.is_none() {
            errors.push(FieldError::new(
                field("amount"),
                "Skriv beloppet i hela kronor eller med ören, till exempel 12000.",
            ));
        }
        if let (Some(who), Some(kind), Some(payer), Some(amount)) = (who, kind, payer, amount) {
            incomes.push(DeclaredIncome {
                who,
                kind,
                payer,
                amount,
            });
        }
    }

    let other_information =
        match parse_optional_free_text_multiline(get("other_information").unwrap_or("")) {
            Ok(t) => t,
            Err(message) => {
                errors.push(FieldError::new("other_information", message));
                String::new()
            }
        };

    match (kind, month, errors.is_empty()) {
        (Some(kind), Some(month), true) => Ok(ApplicationDraft {
            kind,
            month,
            household: Household {
                applicant: applicant.clone(),
                co_applicant,
            },
            costs,
            incomes,
            other_information,
            attachments: Vec::new(),
        }),
        _ => Err(errors),
    }
}

/// An amount of at most one million kronor, not negative.
fn parse_amount(text: &str) -> Option<Amount> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let amount = Amount::parse(&compact).ok()?;
    (!amount.is_negative() && amount <= Amount::from_kronor(MAX_AMOUNT_KRONOR)).then_some(amount)
}

fn short_text(text: &str) -> Result<String, &'static str> {
    parse_optional_free_text(text, MAX_SHORT_TEXT_CHARS)
        .map(str::to_owned)
        .map_err(free_text_message)
}

/// Free text where line breaks are allowed (a textarea), each line checked by the rule.
fn parse_optional_free_text_multiline(text: &str) -> Result<String, &'static str> {
    if text.chars().count() > MAX_OTHER_INFORMATION_CHARS {
        return Err("Texten får vara högst 2000 tecken.");
    }
    let lines: Result<Vec<&str>, _> = text
        .lines()
        .map(|line| parse_optional_free_text(line, MAX_OTHER_INFORMATION_CHARS))
        .collect();
    Ok(lines
        .map_err(free_text_message)?
        .join("\n")
        .trim()
        .to_owned())
}

fn free_text_message(e: FreeTextError) -> &'static str {
    match e {
        FreeTextError::Empty => "Fältet får inte vara tomt.",
        FreeTextError::TooLong { .. } => "Texten är för lång.",
        FreeTextError::ControlCharacter | FreeTextError::BidiControl => {
            "Texten innehåller tecken som inte kan tas emot."
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const APPLICANT: &str = "198603052393";
    const PARTNER: &str = "198805122390";

    fn today() -> Date {
        Date::new(2026, 12, 4).unwrap()
    }

    fn parse(fields: &[(&str, &str)]) -> Result<ApplicationDraft, Vec<FieldError>> {
        let map: HashMap<&str, &str> = fields.iter().copied().collect();
        let applicant = Personnummer::parse(APPLICANT, today()).unwrap();
        parse_application_form(|k| map.get(k).copied(), &applicant, today())
    }

    #[test]
    fn a_household_of_two_with_costs_and_incomes_parses() {
        let draft = parse(&[
            ("kind", "ny"),
            ("month", "2026-12"),
            ("co_applicant", PARTNER),
            ("cost_hyra", "6 500"),
            ("cost_el", "412,50"),
            ("cost_ovrigt", "300"),
            ("cost_ovrigt_note", "Glasögon"),
            ("income_1_who", "medsokande"),
            ("income_1_kind", "lon"),
            ("income_1_payer", "Exempelbolaget AB"),
            ("income_1_amount", "12000"),
            ("other_information", "Rad ett\r\nRad två"),
        ])
        .unwrap();
        assert_eq!(draft.household.size(), 2);
        assert_eq!(draft.costs.len(), 3);
        assert_eq!(draft.total_costs(), Amount::parse("7212.50").unwrap());
        assert_eq!(draft.incomes[0].who, Declarant::CoApplicant);
        assert_eq!(draft.total_incomes(), Amount::from_kronor(12000));
        assert_eq!(draft.other_information, "Rad ett\nRad två");
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = parse(&[
            ("kind", "x"),
            ("month", "2027-06"),
            ("co_applicant", APPLICANT),
            ("cost_hyra", "-5"),
            ("cost_ovrigt", "10"),
            ("income_2_amount", "abc"),
            ("other_information", "bidi \u{202E}"),
        ])
        .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "kind",
                "month",
                "co_applicant",
                "cost_hyra",
                "cost_ovrigt_note",
                "income_2_who",
                "income_2_kind",
                "income_2_payer",
                "income_2_amount",
                "other_information"
            ]
        );
        assert!(errors.iter().all(|e| !e.message.contains(APPLICANT)));
    }

    #[test]
    fn a_co_applicants_income_needs_a_co_applicant() {
        let errors = parse(&[
            ("kind", "manad"),
            ("month", "2026-11"),
            ("income_1_who", "medsokande"),
            ("income_1_kind", "lon"),
            ("income_1_payer", "AB"),
            ("income_1_amount", "1"),
        ])
        .unwrap_err();
        assert_eq!(errors[0].field, "income_1_who");
    }
}
