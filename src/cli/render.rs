//! Human-readable timeline and summary, in the spirit of `kubectl get -w`
//! and `kubectl describe`.

use std::fmt::Write;

use crate::sim::trace::{format_offset, JobOutcome, Trace, What};

fn describe(what: &What) -> Option<String> {
    Some(match what {
        What::Created { index: Some(i) } => format!("Created (index {i})"),
        What::Created { index: None } => "Created".into(),
        What::Running => "Running".into(),
        What::Ready => return None,
        What::Restarted {
            exit_code,
            restart_count,
        } => format!("Restarted (exit code {exit_code}, restarts {restart_count})"),
        What::Disrupted { reason } => format!("DisruptionTarget ({reason})"),
        What::Succeeded => "Succeeded (exit code 0)".into(),
        What::Failed { exit_code, reason } => format!("Failed (exit code {exit_code}, {reason})"),
        What::Deleting => "Terminating".into(),
        What::Removed => "Deleted".into(),
        What::Condition { condition, reason } if reason.is_empty() => condition.clone(),
        What::Condition { condition, reason } => format!("{condition} ({reason})"),
        What::SlotRun { job, scheduled } => format!("Scheduled {scheduled} → job/{job}"),
        What::Event {
            warning,
            reason,
            message,
        } => {
            let note = match reason.as_str() {
                "JobAlreadyActive" => " [skipped: Forbid]",
                "MissSchedule" | "TooManyMissedTimes" => " [missed]",
                "SuccessfulDelete" => " [replaced]",
                _ => "",
            };
            let kind = if *warning { "Warning" } else { "Normal" };
            format!("{kind} {reason}: {message}{note}")
        }
        What::SyncError { message } => format!("SyncError: {message} (retrying with back-off)"),
        What::InjectedError { operation } => format!("Injected API error on {operation}"),
        What::Patched { change } => format!("{change} (scenario update)"),
        What::ControllersRestarted => "Controllers restarted (memory lost)".into(),
    })
}

/// The timeline, one line per entry.
pub fn timeline(trace: &Trace) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Simulation from {} (seed {})", trace.start, trace.seed);
    let _ = writeln!(out, "{:<17} {:<44} EVENT", "TIME", "OBJECT");
    for e in &trace.entries {
        let Some(text) = describe(&e.what) else {
            continue;
        };
        let object = format!("{}/{}", e.kind.as_str(), e.name);
        let _ = writeln!(
            out,
            "{:<17} {:<44} {}",
            format_offset(e.at_ms),
            object,
            text
        );
    }
    if trace.entries_dropped > 0 {
        let _ = writeln!(
            out,
            "… {} more entries not kept (scenario maxTraceEntries)",
            trace.entries_dropped
        );
    }
    out
}

/// Per-Job outcomes and totals.
pub fn summary(trace: &Trace) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Summary after {}:",
        format_offset(trace.end_ms).trim_start_matches('+')
    );
    let _ = writeln!(
        out,
        "{:<32} {:<9} {:<24} {:>12} {:>5} {:>10} {:>7} {:>9}",
        "JOB", "STATUS", "REASON", "DURATION", "PODS", "SUCCEEDED", "FAILED", "RESTARTS"
    );
    for j in &trace.jobs {
        let status = match j.outcome {
            JobOutcome::Running => "Running",
            JobOutcome::Complete => "Complete",
            JobOutcome::Failed => "Failed",
            JobOutcome::Deleted => "Deleted",
        };
        let end = j.finished_ms.unwrap_or(trace.end_ms);
        let _ = writeln!(
            out,
            "{:<32} {:<9} {:<24} {:>12} {:>5} {:>10} {:>7} {:>9}",
            j.name,
            status,
            j.reason.as_deref().unwrap_or("-"),
            format_offset(end - j.created_ms).trim_start_matches('+'),
            j.pods_created,
            j.pods_succeeded,
            j.pods_failed,
            j.restarts
        );
    }
    if trace.jobs_dropped > 0 {
        let _ = writeln!(out, "… {} more jobs not listed", trace.jobs_dropped);
    }
    let t = &trace.totals;
    let _ = writeln!(
        out,
        "Jobs: {} created, {} complete, {} failed, {} deleted before finishing; CronJob slots run: {}",
        t.jobs_created, t.jobs_complete, t.jobs_failed, t.jobs_deleted_unfinished, t.slots_run
    );
    let _ = writeln!(
        out,
        "Pods: {} created, {} succeeded, {} failed, {} container restarts",
        t.pods_created, t.pods_succeeded, t.pods_failed, t.restarts
    );
    let _ = writeln!(
        out,
        "Controller: {} syncs, {} sync errors, {} injected API errors; trace hash {:016x}",
        t.syncs, t.sync_errors, t.injected_errors, trace.hash
    );
    out
}
