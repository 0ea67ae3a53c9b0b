//! Finished-Job history (upstream `cleanupFinishedJobs`, `removeOldestJobs`,
//! `byJobStartTime`).

use std::cmp::Ordering;

use crate::api::{CronJob, Job, JobConditionType};

/// Upstream `byJobStartTime`: by `status.startTime`, unset last, ties by name.
pub fn by_job_start_time(a: &Job, b: &Job) -> Ordering {
    match (a.status().start_time, b.status().start_time) {
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (x, y) if x == y => a.metadata.name().cmp(b.metadata.name()),
        (x, y) => x.cmp(&y),
    }
}

/// Upstream `cleanupFinishedJobs`: the finished Jobs beyond the history
/// limits, oldest first, succeeded ones before failed ones. Nothing when
/// neither limit is set. A negative limit (refused by validation; upstream
/// would index out of range) deletes all of that kind.
pub fn jobs_to_clean_up<'a>(cronjob: &CronJob, jobs: &[&'a Job]) -> Vec<&'a Job> {
    let spec = &cronjob.spec;
    if spec.successful_jobs_history_limit.is_none() && spec.failed_jobs_history_limit.is_none() {
        return Vec::new();
    }
    let finished_as = |ty: JobConditionType| -> Vec<&'a Job> {
        jobs.iter()
            .copied()
            .filter(|j| j.finished_condition().is_some_and(|c| c.type_ == ty))
            .collect()
    };
    let mut doomed = Vec::new();
    for (limit, ty) in [
        (
            spec.successful_jobs_history_limit,
            JobConditionType::Complete,
        ),
        (spec.failed_jobs_history_limit, JobConditionType::Failed),
    ] {
        let Some(limit) = limit else { continue };
        let mut of_kind = finished_as(ty);
        let excess = of_kind.len() as i64 - i64::from(limit);
        if excess <= 0 {
            continue;
        }
        of_kind.sort_by(|a, b| by_job_start_time(a, b));
        doomed.extend(of_kind.into_iter().take(excess as usize));
    }
    doomed
}
