//! Matching succeeded indexes against `spec.successPolicy` (upstream
//! `pkg/controller/job/success_policy.go`).

use crate::api::SuccessPolicy;

use super::indexes::OrderedIntervals;

/// Upstream `batch.JobReasonSuccessPolicy`: reason of the SuccessCriteriaMet /
/// Complete conditions set because a success policy rule matched.
pub const JOB_REASON_SUCCESS_POLICY: &str = "SuccessPolicy";
/// Upstream `batch.JobReasonCompletionsReached`: reason when every completion succeeded.
pub const JOB_REASON_COMPLETIONS_REACHED: &str = "CompletionsReached";
/// Upstream's message with [`JOB_REASON_COMPLETIONS_REACHED`].
pub const JOB_MESSAGE_COMPLETIONS_REACHED: &str = "Reached expected number of succeeded pods";

/// `matchSuccessPolicy`: `Some("Matched rules at index N")` for the first rule
/// the succeeded indexes satisfy. A rule whose `succeededIndexes` parses to
/// nothing (invalid or out of range) is skipped.
pub fn match_success_policy(
    success_policy: Option<&SuccessPolicy>,
    completions: i32,
    succeeded_indexes: &OrderedIntervals,
) -> Option<String> {
    let policy = success_policy?;
    if succeeded_indexes.is_empty() {
        return None;
    }
    let matched = policy.rules.iter().position(|rule| {
        match (&rule.succeeded_indexes, rule.succeeded_count) {
            (Some(indexes), count) => {
                let required = OrderedIntervals::parse(indexes, completions);
                !required.is_empty()
                    && match_succeeded_indexes_rule(&required, succeeded_indexes, count)
            }
            (None, Some(count)) => succeeded_indexes.total() >= i64::from(count),
            (None, None) => false,
        }
    })?;
    Some(format!("Matched rules at index {matched}"))
}

/// `matchSucceededIndexesRule`: every rule index succeeded, or at least
/// `succeeded_count` of them did.
fn match_succeeded_indexes_rule(
    rule_indexes: &OrderedIntervals,
    succeeded_indexes: &OrderedIntervals,
    succeeded_count: Option<i32>,
) -> bool {
    let (rule, succeeded) = (rule_indexes.as_slice(), succeeded_indexes.as_slice());
    let (mut r, mut s) = (0, 0);
    let mut contains: i64 = 0;
    while r < rule.len() && s < succeeded.len() {
        let overlap =
            rule[r].last.min(succeeded[s].last) - rule[r].first.max(succeeded[s].first) + 1;
        if overlap > 0 {
            contains += overlap;
        }
        if succeeded[s].last < rule[r].last {
            s += 1;
        } else if succeeded[s].last > rule[r].last {
            r += 1;
        } else {
            s += 1;
            r += 1;
        }
    }
    contains == rule_indexes.total() || succeeded_count.is_some_and(|c| contains >= i64::from(c))
}
