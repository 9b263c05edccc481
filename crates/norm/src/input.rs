//! What a calculation is made from: the household, one month, its reasonable costs and its
//! incomes, each income line saying where it comes from. Built only by parsing
//! ([`HouseholdFile::to_household`]).

use jiff::civil::Date;
use underlag_domain::free_text::parse_free_text;
use underlag_domain::{Amount, Period, SourceId};
use underlag_overview::{GapReason, LineBasis, Month, Side, Unit};

use crate::error::{NormError, invalid};

/// The longest label or name an input line accepts.
pub(crate) const MAX_LABEL_CHARS: usize = 200;
/// The most members a household may have.
pub(crate) const MAX_MEMBERS: usize = 30;
/// The most cost or income lines.
pub(crate) const MAX_LINES: usize = 500;

/// A household member for the norm. No personnummer: a member is a label (`Vuxen 1`) and
/// the facts the norm needs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Member {
    /// A label the case worker recognises (`Sökande`, `Barn 1`).
    pub label: String,
    /// Age in whole years in the month computed.
    pub age: u8,
    /// Lives as married or sambo with the other member marked partner.
    pub partner: bool,
    /// Goes to school (decides whether a 19–20-year-old is skolungdom).
    pub at_school: bool,
    /// For ages 0–6: eats lunch at home five days a week (false: at preschool).
    pub lunch_at_home: bool,
    /// The first month of jobbstimulans (after six consecutive months of försörjningsstöd),
    /// when the case worker has established it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jobbstimulans_from: Option<Month>,
}

/// A reasonable cost outside the norm (12 kap. 7 § första stycket 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostKind {
    /// Rent or other housing cost.
    Housing,
    /// Household electricity.
    HouseholdElectricity,
    /// Travel to and from work.
    WorkTravel,
    /// Home insurance.
    HomeInsurance,
    /// Trade-union fee.
    UnionFee,
    /// Unemployment-fund (a-kassa) fee.
    UnemploymentFundFee,
    /// Another cost the case worker accepts as reasonable.
    Other,
}

impl CostKind {
    /// Swedish label.
    pub fn label_sv(self) -> &'static str {
        match self {
            Self::Housing => "Boendekostnad",
            Self::HouseholdElectricity => "Hushållsel",
            Self::WorkTravel => "Arbetsresor",
            Self::HomeInsurance => "Hemförsäkring",
            Self::UnionFee => "Fackföreningsavgift",
            Self::UnemploymentFundFee => "A-kasseavgift",
            Self::Other => "Annan skälig kostnad",
        }
    }

    fn parse(text: &str, field: &str) -> Result<Self, NormError> {
        Ok(match text {
            "housing" => Self::Housing,
            "household_electricity" => Self::HouseholdElectricity,
            "work_travel" => Self::WorkTravel,
            "home_insurance" => Self::HomeInsurance,
            "union_fee" => Self::UnionFee,
            "unemployment_fund_fee" => Self::UnemploymentFundFee,
            "other" => Self::Other,
            _ => {
                return Err(invalid(
                    field,
                    "okänd kostnadstyp (housing, household_electricity, work_travel, home_insurance, union_fee, unemployment_fund_fee, other)",
                ));
            }
        })
    }
}

/// One cost line, per month.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Cost {
    /// The kind.
    pub kind: CostKind,
    /// A label, for `other` costs or a note.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// The actual cost, kr per month.
    pub amount: Amount,
    /// Who entered it.
    pub entered_by: String,
}

/// Where a prefilled income line comes from: the source's payment or decided amount.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourcePayment {
    /// The source.
    pub source: SourceId,
    /// Planned or effected.
    pub side: Side,
    /// Payment, decision, study grant or tax-account payout.
    pub basis: LineBasis,
    /// The payout day (or the planned one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payout_on: Option<Date>,
    /// The period it covers, when stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub covers: Option<Period>,
    /// The payer, in Swedish.
    pub payer: String,
    /// The month of the overview it was taken from.
    pub month: Month,
    /// For earned income from an employer's declaration (AGI): its specifikationsnummer;
    /// the employer is [`SourcePayment::payer`] and the declared month [`SourcePayment::covers`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub specification_number: Option<String>,
}

/// Where an income line comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IncomeOrigin {
    /// Prefilled from the audited composite answer.
    Source(SourcePayment),
    /// Entered by hand.
    Manual {
        /// Who entered it.
        entered_by: String,
    },
    /// Declared by the applicant in a digital application ("uppgett av sökande").
    DeclaredByApplicant {
        /// The application's reference number.
        reference: String,
        /// When it was declared (the application received), Swedish time as text.
        declared_at: String,
    },
}

/// One income line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Income {
    /// The member it belongs to (index into [`Household::members`]).
    pub member: usize,
    /// The income code (`Lon`, `AS`, `Arbetsloshetsersattning`, `PM:AP`, …).
    pub code: String,
    /// Swedish label.
    pub label: String,
    /// The amount in [`Income::unit`].
    pub amount: Amount,
    /// The unit it is stated in.
    pub unit: Unit,
    /// Where it comes from.
    pub origin: IncomeOrigin,
    /// Income from employment (anställning): jobbstimulans may apply.
    pub employment: bool,
    /// For a child's own work income: what the child earned earlier in the calendar year.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub earned_earlier_in_year: Option<Amount>,
}

/// A source that did not answer completely for a member: its lines are not prefilled and the
/// result is incomplete. Never read as zero.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnansweredSource {
    /// The member (index into [`Household::members`]).
    pub member: usize,
    /// The source.
    pub source: SourceId,
    /// Why.
    pub reason: GapReason,
}

/// The household and month to compute.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Household {
    /// The month computed (the application month M).
    pub month: Month,
    /// The members of the calculation unit (the applicant's family).
    pub members: Vec<Member>,
    /// Other people sharing the dwelling who are not part of the unit (the non-partner rule).
    pub others_in_dwelling: u8,
    /// Reasonable costs.
    pub costs: Vec<Cost>,
    /// Incomes.
    pub incomes: Vec<Income>,
    /// Sources whose lines could not be prefilled.
    pub unanswered: Vec<UnansweredSource>,
    /// Warnings the prefill carried (from the month view), shown with the result.
    pub carried_warnings: Vec<crate::calculation::NormWarning>,
}

/// A household as a file or request body (TOML or JSON): the wire form, parsed by
/// [`HouseholdFile::to_household`]. Amounts are decimal strings or integers.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HouseholdFile {
    /// `yyyy-mm`.
    pub month: String,
    /// Members.
    #[serde(default)]
    pub members: Vec<MemberWire>,
    /// Others sharing the dwelling.
    #[serde(default)]
    pub others_in_dwelling: u8,
    /// Costs.
    #[serde(default)]
    pub costs: Vec<CostWire>,
    /// Manual incomes.
    #[serde(default)]
    pub incomes: Vec<IncomeWire>,
}

/// A member on the wire.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberWire {
    /// Label.
    pub label: String,
    /// Age in years.
    pub age: u8,
    /// Partner.
    #[serde(default)]
    pub partner: bool,
    /// At school.
    #[serde(default)]
    pub at_school: bool,
    /// Lunch at home (default true).
    #[serde(default = "default_true")]
    pub lunch_at_home: bool,
    /// `yyyy-mm`.
    #[serde(default)]
    pub jobbstimulans_from: Option<String>,
}

fn default_true() -> bool {
    true
}

/// An amount on the wire: `"1250.50"`, `"1250,50"` or `1250`.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(untagged)]
pub enum AmountWire {
    /// Whole kronor.
    Kronor(i64),
    /// Decimal text.
    Text(String),
}

impl AmountWire {
    fn parse(&self, field: &str) -> Result<Amount, NormError> {
        let amount = match self {
            Self::Kronor(k) => Amount::from_kronor(*k),
            Self::Text(t) => Amount::parse(t)
                .map_err(|_| invalid(field, "är inte ett belopp i kronor (högst två decimaler)"))?,
        };
        if amount.is_negative() {
            return Err(invalid(field, "får inte vara negativt"));
        }
        if amount.value() > rust_decimal::Decimal::from(10_000_000) {
            return Err(invalid(field, "är orimligt stort (över 10 000 000 kr)"));
        }
        Ok(amount)
    }
}

/// A cost on the wire.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostWire {
    /// Kind (`housing`, …).
    pub kind: String,
    /// Label.
    #[serde(default)]
    pub label: Option<String>,
    /// Amount per month.
    pub amount: AmountWire,
}

/// A manual income on the wire.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeWire {
    /// Member index.
    pub member: usize,
    /// Code.
    pub code: String,
    /// Label (defaults to the code).
    #[serde(default)]
    pub label: Option<String>,
    /// Amount.
    pub amount: AmountWire,
    /// `month` (default), `day`, `week`, `quarter`, `half_year`, `year`.
    #[serde(default)]
    pub unit: Option<String>,
    /// From employment.
    #[serde(default)]
    pub employment: bool,
    /// A child's earlier income this year.
    #[serde(default)]
    pub earned_earlier_in_year: Option<AmountWire>,
}

fn text(value: &str, field: &str) -> Result<String, NormError> {
    parse_free_text(value, MAX_LABEL_CHARS)
        .map(str::to_owned)
        .map_err(|e| invalid(field, e.to_string()))
}

fn parse_unit(text: Option<&str>, field: &str) -> Result<Unit, NormError> {
    Ok(match text.unwrap_or("month") {
        "month" => Unit::PerMonth,
        "day" => Unit::PerDay,
        "week" => Unit::PerWeek,
        "quarter" => Unit::PerQuarter,
        "half_year" => Unit::PerHalfYear,
        "year" => Unit::PerYear,
        _ => {
            return Err(invalid(
                field,
                "okänd enhet (month, day, week, quarter, half_year, year)",
            ));
        }
    })
}

impl HouseholdFile {
    /// Parses the wire form; manual lines are attributed to `entered_by` (the signed-in case
    /// worker or the CLI operator). The error names the field, never the value.
    pub fn to_household(&self, entered_by: &str) -> Result<Household, NormError> {
        let entered_by = text(entered_by, "entered_by")?;
        let month = Month::parse(&self.month).map_err(|e| invalid("month", e.to_string()))?;
        if self.members.is_empty() {
            return Err(invalid("members", "hushållet måste ha minst en medlem"));
        }
        if self.members.len() > MAX_MEMBERS {
            return Err(invalid("members", format!("högst {MAX_MEMBERS} medlemmar")));
        }
        if self.costs.len() + self.incomes.len() > MAX_LINES {
            return Err(invalid("incomes", format!("högst {MAX_LINES} rader")));
        }
        let members = self
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let f = |name: &str| format!("members[{i}].{name}");
                if m.age > 130 {
                    return Err(invalid(f("age"), "måste vara 0–130 år"));
                }
                Ok(Member {
                    label: text(&m.label, &f("label"))?,
                    age: m.age,
                    partner: m.partner,
                    at_school: m.at_school,
                    lunch_at_home: m.lunch_at_home,
                    jobbstimulans_from: m
                        .jobbstimulans_from
                        .as_deref()
                        .map(|t| {
                            Month::parse(t)
                                .map_err(|e| invalid(f("jobbstimulans_from"), e.to_string()))
                        })
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let costs = self
            .costs
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let f = |name: &str| format!("costs[{i}].{name}");
                Ok(Cost {
                    kind: CostKind::parse(&c.kind, &f("kind"))?,
                    label: c
                        .label
                        .as_deref()
                        .map(|l| text(l, &f("label")))
                        .transpose()?,
                    amount: c.amount.parse(&f("amount"))?,
                    entered_by: entered_by.clone(),
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let incomes = self
            .incomes
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let f = |name: &str| format!("incomes[{i}].{name}");
                if w.member >= members.len() {
                    return Err(invalid(f("member"), "pekar inte på någon medlem"));
                }
                let code = text(&w.code, &f("code"))?;
                Ok(Income {
                    member: w.member,
                    label: match &w.label {
                        Some(l) => text(l, &f("label"))?,
                        None => code.clone(),
                    },
                    code,
                    amount: w.amount.parse(&f("amount"))?,
                    unit: parse_unit(w.unit.as_deref(), &f("unit"))?,
                    origin: IncomeOrigin::Manual {
                        entered_by: entered_by.clone(),
                    },
                    employment: w.employment,
                    earned_earlier_in_year: w
                        .earned_earlier_in_year
                        .as_ref()
                        .map(|a| a.parse(&f("earned_earlier_in_year")))
                        .transpose()?,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Household {
            month,
            members,
            others_in_dwelling: self.others_in_dwelling,
            costs,
            incomes,
            unanswered: Vec::new(),
            carried_warnings: Vec::new(),
        })
    }
}
