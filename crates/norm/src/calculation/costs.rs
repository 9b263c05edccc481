//! The reasonable costs section (*skäliga kostnader*): each cost the household states, checked against the municipality's caps.

use super::*;

pub(super) fn cost_section(
    ctx: &mut Ctx<'_>,
    household: &Household,
    shape: &Shape,
    warnings: &mut Vec<NormWarning>,
) -> Result<Section, NormError> {
    let mut lines = Vec::new();
    for (i, cost) in household.costs.iter().enumerate() {
        let label = match &cost.label {
            Some(l) => format!("{}: {}", cost.kind.label_sv(), l),
            None => cost.kind.label_sv().to_owned(),
        };
        let mut amount = cost.amount;
        let mut inputs = vec![TraceInput {
            name: "Faktisk kostnad per månad".into(),
            value: kr(cost.amount),
            provenance: Some(format!("inmatad av {}", cost.entered_by)),
        }];
        let mut arithmetic = format!("{} = {}", number_sv(amount), number_sv(amount));
        let mut text = format!(
            "{} räknas med till den faktiska kostnaden, {}, inmatad av {}.",
            label,
            kr(amount),
            cost.entered_by
        );
        if cost.kind == CostKind::Housing {
            let adults = shape.adults.len() as u8;
            let children = shape.children.len().min(255) as u8;
            match ctx.settings.housing_cap(adults, children) {
                Some(cap) => {
                    inputs.push(TraceInput {
                        name: "Kommunens riktvärde för skälig boendekostnad".into(),
                        value: kr(cap.amount),
                        provenance: Some(format!(
                            "kommunens inställningar från {}",
                            ctx.settings.valid_from
                        )),
                    });
                    if cost.amount > cap.amount {
                        amount = cap.amount;
                        arithmetic = format!(
                            "min({}, {}) = {}",
                            number_sv(cost.amount),
                            number_sv(cap.amount),
                            number_sv(amount)
                        );
                        text = format!(
                            "Boendekostnaden {} är högre än kommunens riktvärde {} för {} vuxna och {} barn. Förslaget räknar med riktvärdet; handläggaren prövar om en högre kostnad är skälig.",
                            kr(cost.amount),
                            kr(cap.amount),
                            adults,
                            children
                        );
                        warnings.push(NormWarning {
                            kind: NormWarningKind::HousingAboveCap,
                            text: format!(
                                "Boendekostnaden är högre än kommunens riktvärde ({}). Pröva om den är skälig.",
                                kr(cap.amount)
                            ),
                        });
                    }
                }
                None => warnings.push(NormWarning {
                    kind: NormWarningKind::NoHousingCap,
                    text: format!(
                        "Kommunen har inget riktvärde för boendekostnad för {adults} vuxna och {children} barn: handläggaren prövar om kostnaden är skälig."
                    ),
                }),
            }
        }
        let explanation = ctx.explain("kostnad.skalig", inputs, arithmetic, NO_ROUNDING, text)?;
        lines.push(ExplainedLine {
            id: format!("kostnad.{i}"),
            label,
            amount,
            explanation,
        });
    }
    let total = lines.iter().map(|l| l.amount).sum();
    Ok(Section { lines, total })
}
