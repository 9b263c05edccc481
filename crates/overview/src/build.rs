//! Builds the [`Overview`] from the household's answers.

mod compare;
mod lines;
mod sources;
mod totals;
mod warnings;

use underlag_domain::{Personnummer, SourceId};

use crate::input::{Lookup, MemberAnswers, OverviewError, OverviewRules};
use crate::month::{Month, MonthRole};
use crate::overview::{Line, MemberMonth, MemberOverview, MonthColumn, Overview, Side};
use crate::warning::Warning;
use lines::Placed;
use sources::SourceView;

/// Builds the month view of a household: `members` in the order the case worker gave them
/// (the applicant first), each with its sources' results. Fails only when the rules are out
/// of range or the household is empty.
pub fn build(
    lookup: &Lookup,
    members: &[MemberAnswers<'_>],
    rules: &OverviewRules,
) -> Result<Overview, OverviewError> {
    rules.validate()?;
    if members.is_empty() {
        return Err(OverviewError {
            field: "members",
            problem: "must name at least one household member",
        });
    }
    let months = month_columns(lookup, rules);
    let mut warnings = Vec::new();
    let member_views: Vec<MemberOverview> = members
        .iter()
        .map(|m| build_member(lookup, m, &months, rules, &mut warnings))
        .collect();
    let household = months
        .iter()
        .enumerate()
        .map(|(i, column)| {
            let per_member: Vec<_> = member_views.iter().map(|m| &m.months[i].totals).collect();
            totals::household_month(column.month, &per_member)
        })
        .collect();
    Ok(Overview {
        application_month: lookup.application_month,
        any_protected: member_views.iter().any(|m| m.protected),
        months,
        members: member_views,
        household,
        warnings,
        rules: rules.clone(),
    })
}

/// The months shown, oldest first, ending with M.
fn month_columns(lookup: &Lookup, rules: &OverviewRules) -> Vec<MonthColumn> {
    let m = lookup.application_month;
    let n = i32::from(rules.months_shown);
    (0..n)
        .map(|i| {
            let month = m.plus(i - (n - 1));
            let role = MonthRole::of(month, m);
            MonthColumn {
                month,
                role,
                label: month.label_sv(),
                role_label: role.label_sv(),
                queried: lookup.period.contains(&month.period()),
            }
        })
        .collect()
}

fn build_member(
    lookup: &Lookup,
    answers: &MemberAnswers<'_>,
    months: &[MonthColumn],
    rules: &OverviewRules,
    warnings: &mut Vec<Warning>,
) -> MemberOverview {
    let member = answers.personnummer;
    let views = sources::read_all(answers.results, lookup.started_at);
    let protected = views
        .iter()
        .any(|v| v.data.is_some_and(|d| d.is_protected()));
    let mut placed: Vec<Placed> = Vec::new();
    let mut annual = Vec::new();
    for view in &views {
        let Some(data) = view.data else { continue };
        placed.extend(lines::payment_lines(view, data));
        placed.extend(lines::tax_payout_lines(view, data));
        placed.extend(lines::earned_income_lines(view, data));
        annual.extend(lines::annual_lines(view, data));
    }
    let mut member_warnings: Vec<Warning> = views
        .iter()
        .flat_map(|v| warnings::about_answer(member, v, lookup.started_at))
        .collect();
    let shown: Vec<Month> = months.iter().map(|c| c.month).collect();
    for view in &views {
        if let Some(data) = view.data {
            member_warnings.extend(warnings::about_declarations(member, view, data, &shown));
        }
    }
    let member_months: Vec<MemberMonth> = months
        .iter()
        .map(|column| member_month(member, column, &views, &placed))
        .collect();
    for mm in &member_months {
        for line in &mm.lines {
            member_warnings.extend(warnings::about_line(member, Some(mm.month), line));
        }
    }
    let unplaced: Vec<Line> = placed
        .into_iter()
        .filter(|p| p.month.is_none())
        .map(|p| p.line)
        .collect();
    for line in &unplaced {
        member_warnings.extend(warnings::about_line(member, None, line));
    }
    member_warnings.extend(comparisons(member, months, &member_months, &views, rules));
    sort_warnings(&mut member_warnings);
    warnings.extend(member_warnings);
    MemberOverview {
        personnummer: member.clone(),
        protected,
        sources: views.iter().map(|v| v.state.clone()).collect(),
        months: member_months,
        annual,
        unplaced,
    }
}

/// One member's month: the lines placed in it, the decided and granted amounts standing in
/// for benefits without a payment, and the totals.
fn member_month(
    member: &Personnummer,
    column: &MonthColumn,
    views: &[SourceView<'_>],
    placed: &[Placed],
) -> MemberMonth {
    let month = column.month;
    let in_month: Vec<Placed> = placed
        .iter()
        .filter(|p| p.month == Some(month))
        .cloned()
        .collect();
    let mut lines: Vec<Line> = in_month.iter().map(|p| p.line.clone()).collect();
    for view in views {
        let Some(data) = view.data else { continue };
        if view.source() == SourceId::Fk {
            lines.extend(lines::decision_lines(view, data, month, &in_month));
        }
        if view.source() == SourceId::Csn {
            lines.extend(lines::grant_lines(view, data, month, &in_month));
        }
    }
    sort_lines(&mut lines);
    let totals = totals::member_month(member, month, column.queried, views, &lines);
    MemberMonth {
        month,
        lines,
        totals,
    }
}

/// Effected before planned; then by source (in the contract's order), payout day, type.
fn sort_lines(lines: &mut [Line]) {
    let source_rank = |s: SourceId| SourceId::ALL.iter().position(|x| *x == s);
    lines.sort_by(|a, b| {
        (
            a.side != Side::Effected,
            source_rank(a.income.source),
            a.payout_on,
            &a.income.code,
        )
            .cmp(&(
                b.side != Side::Effected,
                source_rank(b.income.source),
                b.payout_on,
                &b.income.code,
            ))
    });
}

/// New and missing types between consecutive months, and changes between M−2 and M−1, where
/// the look-up covered both months and the source answered completely.
fn comparisons(
    member: &Personnummer,
    months: &[MonthColumn],
    member_months: &[MemberMonth],
    views: &[SourceView<'_>],
    rules: &OverviewRules,
) -> Vec<Warning> {
    let queried: Vec<bool> = months.iter().map(|c| c.queried).collect();
    let complete_sources: Vec<SourceId> = views
        .iter()
        .filter(|v| v.state.status.is_complete_answer())
        .map(|v| v.source())
        .collect();
    let comparable = compare::Comparable {
        queried: &queried,
        complete_sources: &complete_sources,
    };
    let mut out = compare::new_and_missing(member, member_months, &comparable);
    let position = |role| months.iter().position(|c| c.role == role);
    if let (Some(c), Some(k)) = (
        position(MonthRole::Comparison),
        position(MonthRole::Control),
    ) && queried[c]
        && queried[k]
    {
        out.extend(
            compare::changes(
                member,
                &member_months[c],
                &member_months[k],
                rules.change_threshold_percent,
            )
            .into_iter()
            .filter(|w| complete_sources.contains(&w.source)),
        );
    }
    out
}

/// A stable order: whole-answer warnings first (by source), then by month, source and kind.
fn sort_warnings(warnings: &mut [Warning]) {
    warnings.sort_by_key(|w| (w.month.map(Month::first_day), w.source, w.kind));
}
