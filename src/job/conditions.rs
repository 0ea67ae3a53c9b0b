//! Job conditions: the interim and terminal conditions and how they are
//! written (`newCondition`, `ensureJobConditionStatus`, `findConditionByType`).

use chrono::{DateTime, Utc};

use crate::api::{ConditionStatus, Job, JobCondition, JobConditionType};

/// `JobReasonPodFailurePolicy`.
pub const REASON_POD_FAILURE_POLICY: &str = "PodFailurePolicy";
/// `JobReasonBackoffLimitExceeded`.
pub const REASON_BACKOFF_LIMIT_EXCEEDED: &str = "BackoffLimitExceeded";
/// `JobReasonDeadlineExceeded`.
pub const REASON_DEADLINE_EXCEEDED: &str = "DeadlineExceeded";
/// `JobReasonMaxFailedIndexesExceeded`.
pub const REASON_MAX_FAILED_INDEXES_EXCEEDED: &str = "MaxFailedIndexesExceeded";
/// `JobReasonFailedIndexes`.
pub const REASON_FAILED_INDEXES: &str = "FailedIndexes";
/// `JobReasonSuccessPolicy`.
pub const REASON_SUCCESS_POLICY: &str = "SuccessPolicy";
/// `JobReasonCompletionsReached`.
pub const REASON_COMPLETIONS_REACHED: &str = "CompletionsReached";

/// `newCondition`.
pub fn new_condition(
    type_: JobConditionType,
    status: ConditionStatus,
    reason: &str,
    message: &str,
    now: DateTime<Utc>,
) -> JobCondition {
    JobCondition {
        type_,
        status,
        last_probe_time: Some(now),
        last_transition_time: Some(now),
        reason: Some(reason.to_string()),
        message: Some(message.to_string()),
    }
}

/// `newFailureCondition`: with every Job gate GA, failures first show as the
/// interim FailureTarget.
pub fn new_failure_condition(reason: &str, message: &str, now: DateTime<Utc>) -> JobCondition {
    new_condition(
        JobConditionType::FailureTarget,
        ConditionStatus::True,
        reason,
        message,
        now,
    )
}

/// `newSuccessCondition`: SuccessCriteriaMet with reason CompletionsReached.
pub fn new_success_condition(now: DateTime<Utc>) -> JobCondition {
    new_condition(
        JobConditionType::SuccessCriteriaMet,
        ConditionStatus::True,
        REASON_COMPLETIONS_REACHED,
        "Reached expected number of succeeded pods",
        now,
    )
}

/// The condition's reason, "" when unset (Go's zero string).
pub fn reason(c: &JobCondition) -> &str {
    c.reason.as_deref().unwrap_or("")
}

/// The condition's message, "" when unset.
pub fn message(c: &JobCondition) -> &str {
    c.message.as_deref().unwrap_or("")
}

/// `newFailedConditionForFailureTarget`.
pub fn failed_for_failure_target(target: &JobCondition, now: DateTime<Utc>) -> JobCondition {
    new_condition(
        JobConditionType::Failed,
        ConditionStatus::True,
        reason(target),
        message(target),
        now,
    )
}

/// `hasSuccessCriteriaMetCondition`: a True SuccessCriteriaMet condition.
pub fn success_criteria_met(job: &Job) -> Option<&JobCondition> {
    job.condition(&JobConditionType::SuccessCriteriaMet)
        .filter(|c| c.status == ConditionStatus::True)
}

/// `isSuccessCriteriaMetCondition`.
pub fn is_success_criteria_met(c: Option<&JobCondition>) -> bool {
    c.is_some_and(|c| {
        c.type_ == JobConditionType::SuccessCriteriaMet && c.status == ConditionStatus::True
    })
}

/// `ensureJobConditionStatus`: update the condition of that type if it
/// differs, or append it unless it would be a new False condition. Returns
/// whether the list changed.
pub fn ensure_condition(
    list: &mut Option<Vec<JobCondition>>,
    type_: JobConditionType,
    status: ConditionStatus,
    reason_: &str,
    message_: &str,
    now: DateTime<Utc>,
) -> bool {
    if let Some(c) = list.iter_mut().flatten().find(|c| c.type_ == type_) {
        if c.status != status || reason(c) != reason_ || message(c) != message_ {
            *c = new_condition(type_, status, reason_, message_, now);
            return true;
        }
        return false;
    }
    if status != ConditionStatus::False {
        list.get_or_insert_with(Vec::new)
            .push(new_condition(type_, status, reason_, message_, now));
        return true;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .expect("valid time")
            .to_utc()
    }

    #[test]
    fn a_new_false_condition_is_not_added_but_an_existing_one_flips() {
        let mut list = None;
        let ty = JobConditionType::Suspended;
        assert!(!ensure_condition(
            &mut list,
            ty.clone(),
            ConditionStatus::False,
            "JobResumed",
            "Job resumed",
            t0()
        ));
        assert_eq!(list, None);
        assert!(ensure_condition(
            &mut list,
            ty.clone(),
            ConditionStatus::True,
            "JobSuspended",
            "Job suspended",
            t0()
        ));
        assert!(!ensure_condition(
            &mut list,
            ty.clone(),
            ConditionStatus::True,
            "JobSuspended",
            "Job suspended",
            t0()
        ));
        assert!(ensure_condition(
            &mut list,
            ty,
            ConditionStatus::False,
            "JobResumed",
            "Job resumed",
            t0()
        ));
        let conds = list.expect("one condition");
        assert_eq!(conds.len(), 1);
        assert_eq!(conds[0].status, ConditionStatus::False);
        assert_eq!(reason(&conds[0]), "JobResumed");
    }

    #[test]
    fn the_terminal_condition_copies_the_interim_reason() {
        let target = new_failure_condition(REASON_DEADLINE_EXCEEDED, "late", t0());
        let failed = failed_for_failure_target(&target, t0());
        assert_eq!(failed.type_, JobConditionType::Failed);
        assert_eq!(
            (reason(&failed), message(&failed)),
            (REASON_DEADLINE_EXCEEDED, "late")
        );
        assert!(is_success_criteria_met(Some(&new_success_condition(t0()))));
        assert!(!is_success_criteria_met(Some(&target)));
    }
}
