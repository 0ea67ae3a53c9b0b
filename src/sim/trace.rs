//! What happened in a run: a timeline, per-Job summaries, pod spans for the
//! Gantt chart, and a hash over everything for determinism checks.
//!
//! Memory is bounded by the scenario's limits, not by simulated time: past
//! them, entries still count toward the hash and the totals but are not kept.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::events::Millis;

/// Kinds of object in the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Kind {
    Pod,
    Job,
    CronJob,
    Controller,
}

impl Kind {
    /// kubectl's lowercase resource name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Pod => "pod",
            Kind::Job => "job",
            Kind::CronJob => "cronjob",
            Kind::Controller => "controller",
        }
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "what", rename_all = "camelCase")]
pub enum What {
    Created {
        #[serde(skip_serializing_if = "Option::is_none")]
        index: Option<i64>,
    },
    Running,
    Ready,
    /// A container exited non-zero and restarts in place (restartPolicy OnFailure).
    Restarted {
        exit_code: i32,
        restart_count: i32,
    },
    Disrupted {
        reason: String,
    },
    Succeeded,
    Failed {
        exit_code: i32,
        reason: String,
    },
    /// A delete was requested (the object may linger for its grace period or finalizers).
    Deleting,
    /// The object is gone from the API server.
    Removed,
    /// A Job condition became True.
    Condition {
        condition: String,
        reason: String,
    },
    /// A CronJob created a Job for a scheduled slot.
    SlotRun {
        job: String,
        scheduled: String,
    },
    /// A controller event (kubectl `describe` Events).
    Event {
        warning: bool,
        reason: String,
        message: String,
    },
    /// A sync returned an error; the controller retries with backoff.
    SyncError {
        message: String,
    },
    /// An API write failed on purpose (scenario `apiErrors`).
    InjectedError {
        operation: String,
    },
    /// The scenario patched the object (e.g. suspended or resumed it).
    Patched {
        change: String,
    },
    /// The controllers restarted and lost their memory.
    ControllersRestarted,
}

/// One timeline entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Entry {
    /// Milliseconds since the start.
    pub at_ms: Millis,
    pub kind: Kind,
    pub name: String,
    #[serde(flatten)]
    pub what: What,
}

/// How a Job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum JobOutcome {
    Running,
    Complete,
    Failed,
    /// Deleted before it finished.
    Deleted,
}

/// One Job's story.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobSummary {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cronjob: Option<String>,
    pub outcome: JobOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub created_ms: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<Millis>,
    pub pods_created: u64,
    pub pods_succeeded: u64,
    pub pods_failed: u64,
    /// Container restarts in place (restartPolicy OnFailure).
    pub restarts: u64,
    /// `status.succeeded` when last written.
    pub completions: i64,
    /// `status.failed` when last written.
    pub failed: i64,
}

impl JobSummary {
    /// Pods created beyond the first per completion: replacements.
    pub fn retries(&self) -> u64 {
        self.pods_failed
    }
}

/// A pod's life, for the Gantt chart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpan {
    pub pod: String,
    pub job: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    pub created_ms: Millis,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub running_ms: Option<Millis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_ms: Option<Millis>,
    pub outcome: PodOutcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
}

/// How a pod ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum PodOutcome {
    Running,
    Succeeded,
    Failed,
    /// Stopped because it was deleted.
    Killed,
    Disrupted,
}

/// Totals over the whole run, including what was not kept.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    pub jobs_created: u64,
    pub jobs_complete: u64,
    pub jobs_failed: u64,
    pub jobs_deleted_unfinished: u64,
    pub pods_created: u64,
    pub pods_succeeded: u64,
    pub pods_failed: u64,
    pub restarts: u64,
    pub slots_run: u64,
    pub syncs: u64,
    pub sync_errors: u64,
    pub injected_errors: u64,
    pub events: u64,
}

/// Limits on what a trace keeps in memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub entries: usize,
    pub jobs: usize,
    pub pod_spans: usize,
}

/// A run's record.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    pub start: String,
    pub end_ms: Millis,
    pub seed: u64,
    pub entries: Vec<Entry>,
    pub entries_dropped: u64,
    pub jobs: Vec<JobSummary>,
    pub jobs_dropped: u64,
    pub pods: Vec<PodSpan>,
    pub pods_dropped: u64,
    /// CronJob slots (name, offset) for the chart.
    pub slots: Vec<(String, Millis)>,
    /// When a CronJob skipped a slot because a Job was still running
    /// (Forbid, event `JobAlreadyActive`), for the chart.
    pub skipped: Vec<(String, Millis)>,
    pub totals: Totals,
    /// FNV-1a over every entry, kept or not.
    #[serde(serialize_with = "hex")]
    pub hash: u64,
    #[serde(skip)]
    limits: Limits,
    #[serde(skip)]
    job_index: FxHashMap<String, usize>,
    #[serde(skip)]
    pod_index: FxHashMap<String, usize>,
}

fn hex<S: serde::Serializer>(h: &u64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format!("{h:016x}"))
}

/// FNV-1a, stable across platforms and Rust versions (unlike `DefaultHasher`).
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01B3);
        }
    }
}

impl Trace {
    /// An empty trace.
    pub fn new(start: String, seed: u64, limits: Limits) -> Self {
        Trace {
            start,
            end_ms: 0,
            seed,
            entries: Vec::new(),
            entries_dropped: 0,
            jobs: Vec::new(),
            jobs_dropped: 0,
            pods: Vec::new(),
            pods_dropped: 0,
            slots: Vec::new(),
            skipped: Vec::new(),
            totals: Totals::default(),
            hash: 0xcbf2_9ce4_8422_2325,
            limits,
            job_index: FxHashMap::default(),
            pod_index: FxHashMap::default(),
        }
    }

    /// Record an entry.
    pub fn record(&mut self, at_ms: Millis, kind: Kind, name: &str, what: What) {
        let mut h = Fnv(self.hash);
        at_ms.hash(&mut h);
        kind.hash(&mut h);
        name.hash(&mut h);
        what.hash(&mut h);
        self.hash = h.finish();
        if let What::Event { reason, .. } = &what {
            self.totals.events += 1;
            if kind == Kind::CronJob
                && reason == "JobAlreadyActive"
                && self.skipped.len() < self.limits.pod_spans
            {
                self.skipped.push((name.to_string(), at_ms));
            }
        }
        if self.entries.len() < self.limits.entries {
            self.entries.push(Entry {
                at_ms,
                kind,
                name: name.to_string(),
                what,
            });
        } else {
            self.entries_dropped += 1;
        }
    }

    /// A Job appeared.
    pub fn job_created(&mut self, at_ms: Millis, name: &str, cronjob: Option<&str>) {
        self.totals.jobs_created += 1;
        if self.jobs.len() >= self.limits.jobs {
            self.jobs_dropped += 1;
            return;
        }
        self.job_index.insert(name.to_string(), self.jobs.len());
        self.jobs.push(JobSummary {
            name: name.to_string(),
            cronjob: cronjob.map(str::to_string),
            outcome: JobOutcome::Running,
            reason: None,
            created_ms: at_ms,
            finished_ms: None,
            pods_created: 0,
            pods_succeeded: 0,
            pods_failed: 0,
            restarts: 0,
            completions: 0,
            failed: 0,
        });
    }

    /// The kept summary of a Job, if any.
    pub fn job_mut(&mut self, name: &str) -> Option<&mut JobSummary> {
        let i = *self.job_index.get(name)?;
        self.jobs.get_mut(i)
    }

    /// A Job's summary is final: stop indexing it by name (names are reused
    /// by later Jobs only after this one is gone).
    pub fn job_gone(&mut self, name: &str) {
        self.job_index.remove(name);
    }

    /// A pod appeared.
    pub fn pod_created(&mut self, at_ms: Millis, pod: &str, job: &str, index: Option<i64>) {
        self.totals.pods_created += 1;
        if let Some(j) = self.job_mut(job) {
            j.pods_created += 1;
        }
        if self.pods.len() >= self.limits.pod_spans {
            self.pods_dropped += 1;
            return;
        }
        self.pod_index.insert(pod.to_string(), self.pods.len());
        self.pods.push(PodSpan {
            pod: pod.to_string(),
            job: job.to_string(),
            index,
            created_ms: at_ms,
            running_ms: None,
            finished_ms: None,
            outcome: PodOutcome::Running,
            exit_code: None,
        });
    }

    /// The kept span of a pod, if any.
    pub fn pod_mut(&mut self, pod: &str) -> Option<&mut PodSpan> {
        let i = *self.pod_index.get(pod)?;
        self.pods.get_mut(i)
    }

    /// A pod is gone; free its index entry.
    pub fn pod_gone(&mut self, pod: &str) {
        self.pod_index.remove(pod);
    }

    /// Totals, mutable.
    pub fn totals_mut(&mut self) -> &mut Totals {
        &mut self.totals
    }

    /// A CronJob ran a slot.
    pub fn slot(&mut self, cronjob: &str, at_ms: Millis) {
        self.totals.slots_run += 1;
        if self.slots.len() < self.limits.pod_spans {
            self.slots.push((cronjob.to_string(), at_ms));
        }
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}

/// `+1h02m03.5s` style offsets for the timeline.
pub fn format_offset(ms: Millis) -> String {
    let sign = if ms < 0 { "-" } else { "+" };
    let ms = ms.unsigned_abs();
    let (d, rem) = (ms / 86_400_000, ms % 86_400_000);
    let (h, rem) = (rem / 3_600_000, rem % 3_600_000);
    let (m, rem) = (rem / 60_000, rem % 60_000);
    let (s, frac) = (rem / 1000, rem % 1000);
    let frac = if frac == 0 {
        String::new()
    } else {
        format!(".{frac:03}")
    };
    match (d, h, m) {
        (0, 0, 0) => format!("{sign}{s}{frac}s"),
        (0, 0, _) => format!("{sign}{m}m{s:02}{frac}s"),
        (0, _, _) => format!("{sign}{h}h{m:02}m{s:02}{frac}s"),
        _ => format!("{sign}{d}d{h:02}h{m:02}m{s:02}{frac}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_like_durations() {
        assert_eq!(format_offset(0), "+0s");
        assert_eq!(format_offset(31_000), "+31s");
        assert_eq!(format_offset(61_500), "+1m01.500s");
        assert_eq!(format_offset(3_723_000), "+1h02m03s");
        assert_eq!(format_offset(90_000_000), "+1d01h00m00s");
    }

    #[test]
    fn hash_covers_dropped_entries() {
        let limits = Limits {
            entries: 1,
            jobs: 1,
            pod_spans: 1,
        };
        let mut a = Trace::new("t".into(), 1, limits);
        let mut b = Trace::new("t".into(), 1, limits);
        a.record(0, Kind::Pod, "p", What::Running);
        b.record(0, Kind::Pod, "p", What::Running);
        a.record(1, Kind::Pod, "p", What::Succeeded);
        b.record(2, Kind::Pod, "p", What::Succeeded);
        assert_eq!(a.entries, b.entries);
        assert_eq!(a.entries_dropped, 1);
        assert_ne!(a.hash, b.hash);
    }
}
