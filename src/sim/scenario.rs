//! What the simulated cluster does: pod run times, failures, disruptions,
//! controller restarts, API errors and watch lag. Every field has a default
//! so any manifest runs out of the box (each pod runs 30s and succeeds).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

use super::events::Millis;
use super::rng::Rng;

/// A scenario could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("invalid duration {input:?}: {reason}")]
    Duration { input: String, reason: &'static str },
    #[cfg(feature = "yaml")]
    #[error("scenario: {0}")]
    Yaml(String),
    #[error("scenario: {field}: {reason}")]
    Field { field: String, reason: String },
}

/// Parse a Go-style duration: `500ms`, `30s`, `2m`, `1h30m`, `2d`; a bare
/// number is seconds.
pub fn parse_duration(input: &str) -> Result<Millis, ScenarioError> {
    let err = |reason| ScenarioError::Duration {
        input: input.to_string(),
        reason,
    };
    let s = input.trim();
    if s.is_empty() {
        return Err(err("empty"));
    }
    if let Ok(secs) = s.parse::<f64>() {
        if !secs.is_finite() || secs < 0.0 {
            return Err(err("must be a non-negative number"));
        }
        return Ok((secs * 1000.0).round() as Millis);
    }
    let mut total: f64 = 0.0;
    let mut rest = s;
    while !rest.is_empty() {
        let num_end = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| err("missing unit (ms, s, m, h, d)"))?;
        if num_end == 0 {
            return Err(err("expected a number"));
        }
        let value: f64 = rest[..num_end].parse().map_err(|_| err("bad number"))?;
        rest = &rest[num_end..];
        let unit_end = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let scale = match &rest[..unit_end] {
            "ms" => 1.0,
            "s" => 1_000.0,
            "m" => 60_000.0,
            "h" => 3_600_000.0,
            "d" => 86_400_000.0,
            "w" => 604_800_000.0,
            _ => return Err(err("unknown unit (use ms, s, m, h, d, w)")),
        };
        total += value * scale;
        rest = &rest[unit_end..];
    }
    if total > 1e15 {
        return Err(err("too long"));
    }
    Ok(total.round() as Millis)
}

/// A duration or a uniform range of durations (`30s`, `20s..40s`, or
/// `{min: 20s, max: 40s}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationRange {
    pub min: Millis,
    pub max: Millis,
}

impl DurationRange {
    /// Exactly this long.
    pub const fn fixed(ms: Millis) -> Self {
        DurationRange { min: ms, max: ms }
    }

    /// Parse `30s` or `20s..40s`.
    pub fn parse(s: &str) -> Result<Self, ScenarioError> {
        match s.split_once("..") {
            Some((a, b)) => {
                let (min, max) = (parse_duration(a)?, parse_duration(b)?);
                if max < min {
                    return Err(ScenarioError::Duration {
                        input: s.to_string(),
                        reason: "range maximum is below its minimum",
                    });
                }
                Ok(DurationRange { min, max })
            }
            None => Ok(DurationRange::fixed(parse_duration(s)?)),
        }
    }

    /// A draw from the range.
    pub fn sample(&self, rng: &mut Rng) -> Millis {
        rng.range_i64(self.min, self.max)
    }
}

impl<'de> Deserialize<'de> for DurationRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Num(f64),
            Text(String),
            MinMax { min: String, max: String },
        }
        let parsed = match Raw::deserialize(d)? {
            Raw::Num(secs) => DurationRange::parse(&secs.to_string()),
            Raw::Text(s) => DurationRange::parse(&s),
            Raw::MinMax { min, max } => DurationRange::parse(&format!("{min}..{max}")),
        };
        parsed.map_err(serde::de::Error::custom)
    }
}

fn de_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Millis, D::Error> {
    let r = DurationRange::deserialize(d)?;
    if r.min != r.max {
        return Err(serde::de::Error::custom(
            "expected one duration, not a range",
        ));
    }
    Ok(r.min)
}

fn de_durations<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Millis>, D::Error> {
    let rs = Vec::<DurationRange>::deserialize(d)?;
    Ok(rs.into_iter().map(|r| r.min).collect())
}

/// How pods behave; every field optional so overrides layer onto defaults.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PodBehaviour {
    /// From creation to Running.
    pub startup: Option<DurationRange>,
    /// From Running to Ready.
    pub ready_after: Option<DurationRange>,
    /// How long a container runs before it exits.
    pub runtime: Option<DurationRange>,
    /// Probability that a run exits non-zero.
    pub failure_probability: Option<f64>,
    /// Exit codes of failing runs (one chosen at random).
    pub exit_codes: Option<Vec<i32>>,
    /// The first N attempts of the pod (or index) fail, then it behaves as
    /// otherwise configured.
    pub fail_first: Option<u32>,
    /// Probability that a running pod is disrupted (DisruptionTarget, then Failed).
    pub disruption_probability: Option<f64>,
    /// From a delete to the container stopping (capped by the grace period).
    pub shutdown: Option<DurationRange>,
}

impl PodBehaviour {
    /// `self` with unset fields taken from `base`.
    pub fn over(&self, base: &PodBehaviour) -> PodBehaviour {
        PodBehaviour {
            startup: self.startup.or(base.startup),
            ready_after: self.ready_after.or(base.ready_after),
            runtime: self.runtime.or(base.runtime),
            failure_probability: self.failure_probability.or(base.failure_probability),
            exit_codes: self.exit_codes.clone().or_else(|| base.exit_codes.clone()),
            fail_first: self.fail_first.or(base.fail_first),
            disruption_probability: self.disruption_probability.or(base.disruption_probability),
            shutdown: self.shutdown.or(base.shutdown),
        }
    }

    /// The built-in defaults: start in 1s, run 30s, succeed; stop 1s after a delete.
    pub fn defaults() -> PodBehaviour {
        PodBehaviour {
            startup: Some(DurationRange::fixed(1_000)),
            ready_after: Some(DurationRange::fixed(0)),
            runtime: Some(DurationRange::fixed(30_000)),
            failure_probability: Some(0.0),
            exit_codes: Some(vec![1]),
            fail_first: Some(0),
            disruption_probability: Some(0.0),
            shutdown: Some(DurationRange::fixed(1_000)),
        }
    }
}

/// Overrides for one Job (by name, or by the CronJob that owns it).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct JobBehaviour {
    #[serde(flatten)]
    pub pods: PodBehaviour,
    /// Per completion index.
    #[serde(default)]
    pub indexes: BTreeMap<String, PodBehaviour>,
}

/// Probability of an injected error, per kind of API write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ApiErrorRates {
    #[serde(default)]
    pub create: f64,
    #[serde(default)]
    pub delete: f64,
    #[serde(default)]
    pub patch: f64,
    #[serde(default)]
    pub status_write: f64,
}

impl<'de> Deserialize<'de> for ApiErrorsField {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            All(f64),
            Each(ApiErrorRates),
        }
        Ok(ApiErrorsField(match Raw::deserialize(d)? {
            Raw::All(p) => ApiErrorRates {
                create: p,
                delete: p,
                patch: p,
                status_write: p,
            },
            Raw::Each(r) => r,
        }))
    }
}

/// `apiErrors: 0.1` or `apiErrors: {create: 0.1, ...}`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ApiErrorsField(pub ApiErrorRates);

/// A change a user makes during the run (`kubectl patch`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Update {
    /// When, from the start.
    #[serde(deserialize_with = "de_duration")]
    pub at: Millis,
    /// `Job` or `CronJob`.
    pub kind: String,
    pub name: String,
    #[serde(default)]
    pub namespace: Option<String>,
    /// Set `spec.suspend`.
    pub suspend: Option<bool>,
}

/// A whole scenario.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scenario {
    /// Random seed (the CLI's `--seed` wins).
    pub seed: Option<u64>,
    /// Wall-clock start of the simulation.
    pub start: Option<DateTime<Utc>>,
    /// How long to simulate (the CLI's `--for` wins).
    #[serde(default, deserialize_with = "de_opt_duration")]
    pub duration: Option<Millis>,
    /// Defaults for every pod.
    #[serde(default)]
    pub pods: PodBehaviour,
    /// Per completion index, for every Indexed Job.
    #[serde(default)]
    pub indexes: BTreeMap<String, PodBehaviour>,
    /// Per Job name (a CronJob's name applies to all its Jobs).
    #[serde(default)]
    pub jobs: BTreeMap<String, JobBehaviour>,
    /// Times at which the controllers restart and lose their memory.
    #[serde(default, deserialize_with = "de_durations")]
    pub controller_restarts: Vec<Millis>,
    /// Patches applied during the run (e.g. resume a suspended CronJob).
    #[serde(default)]
    pub updates: Vec<Update>,
    /// Injected API write errors.
    #[serde(default)]
    pub api_errors: ApiErrorsField,
    /// How far behind the API server the controllers' informers are.
    #[serde(default, deserialize_with = "de_duration")]
    pub watch_lag: Millis,
    /// Terminated pods kept before the oldest are garbage-collected
    /// (kube-controller-manager `--terminated-pod-gc-threshold`).
    #[serde(default = "default_pod_gc_threshold")]
    pub pod_gc_threshold: usize,
    /// Timeline entries kept in memory (the rest only count toward the hash and summary).
    #[serde(default = "default_max_entries")]
    pub max_trace_entries: usize,
}

fn de_opt_duration<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Millis>, D::Error> {
    de_duration(d).map(Some)
}

fn default_pod_gc_threshold() -> usize {
    12_500
}

fn default_max_entries() -> usize {
    100_000
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: None,
            start: None,
            duration: None,
            pods: PodBehaviour::default(),
            indexes: BTreeMap::new(),
            jobs: BTreeMap::new(),
            controller_restarts: Vec::new(),
            updates: Vec::new(),
            api_errors: ApiErrorsField::default(),
            watch_lag: 0,
            pod_gc_threshold: default_pod_gc_threshold(),
            max_trace_entries: default_max_entries(),
        }
    }
}

impl Scenario {
    /// Read a scenario from YAML (or JSON, a subset of YAML).
    #[cfg(feature = "yaml")]
    pub fn from_yaml(text: &str) -> Result<Scenario, ScenarioError> {
        if text.trim().is_empty() {
            return Ok(Scenario::default());
        }
        let s: Scenario =
            serde_saphyr::from_str(text).map_err(|e| ScenarioError::Yaml(e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    /// Reject probabilities outside [0, 1].
    pub fn check(&self) -> Result<(), ScenarioError> {
        let mut all: Vec<(String, &PodBehaviour)> = vec![("pods".into(), &self.pods)];
        all.extend(
            self.indexes
                .iter()
                .map(|(k, v)| (format!("indexes.{k}"), v)),
        );
        for (name, j) in &self.jobs {
            all.push((format!("jobs.{name}"), &j.pods));
            all.extend(
                j.indexes
                    .iter()
                    .map(|(k, v)| (format!("jobs.{name}.indexes.{k}"), v)),
            );
        }
        for (i, u) in self.updates.iter().enumerate() {
            if u.kind != "Job" && u.kind != "CronJob" {
                return Err(ScenarioError::Field {
                    field: format!("updates[{i}].kind"),
                    reason: format!("{:?} is not Job or CronJob", u.kind),
                });
            }
        }
        let r = self.api_errors.0;
        let rates = [
            ("apiErrors.create", Some(r.create)),
            ("apiErrors.delete", Some(r.delete)),
            ("apiErrors.patch", Some(r.patch)),
            ("apiErrors.statusWrite", Some(r.status_write)),
        ];
        let mut checks: Vec<(String, Option<f64>)> =
            rates.iter().map(|(n, p)| (n.to_string(), *p)).collect();
        for (path, b) in &all {
            checks.push((format!("{path}.failureProbability"), b.failure_probability));
            checks.push((
                format!("{path}.disruptionProbability"),
                b.disruption_probability,
            ));
            if b.exit_codes.as_ref().is_some_and(|c| c.is_empty()) {
                return Err(ScenarioError::Field {
                    field: format!("{path}.exitCodes"),
                    reason: "must not be empty".into(),
                });
            }
        }
        for (field, p) in checks {
            if let Some(p) = p {
                if !(0.0..=1.0).contains(&p) {
                    return Err(ScenarioError::Field {
                        field,
                        reason: format!("probability {p} is not within [0, 1]"),
                    });
                }
            }
        }
        Ok(())
    }

    /// The behaviour of a pod of `job` (owned by `cronjob`, if any) at `index`.
    pub fn behaviour(&self, job: &str, cronjob: Option<&str>, index: Option<i64>) -> PodBehaviour {
        let idx = index.map(|i| i.to_string());
        let job_b = self
            .jobs
            .get(job)
            .or_else(|| cronjob.and_then(|c| self.jobs.get(c)));
        let mut b = PodBehaviour::defaults();
        b = self.pods.over(&b);
        if let Some(i) = &idx {
            if let Some(o) = self.indexes.get(i) {
                b = o.over(&b);
            }
        }
        if let Some(jb) = job_b {
            b = jb.pods.over(&b);
            if let Some(i) = &idx {
                if let Some(o) = jb.indexes.get(i) {
                    b = o.over(&b);
                }
            }
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_like_go() {
        assert_eq!(parse_duration("30s").ok(), Some(30_000));
        assert_eq!(parse_duration("1h30m").ok(), Some(5_400_000));
        assert_eq!(parse_duration("500ms").ok(), Some(500));
        assert_eq!(parse_duration("2").ok(), Some(2_000));
        assert!(parse_duration("5x").is_err());
        assert!(parse_duration("s").is_err());
        assert_eq!(
            DurationRange::parse("20s..40s").ok(),
            Some(DurationRange {
                min: 20_000,
                max: 40_000
            })
        );
        assert!(DurationRange::parse("40s..20s").is_err());
    }

    #[cfg(feature = "yaml")]
    #[test]
    fn yaml_overrides_layer_onto_defaults() {
        let s = Scenario::from_yaml(
            "pods:\n  runtime: 10s..20s\nindexes:\n  \"3\": {failureProbability: 1, exitCodes: [42]}\njobs:\n  pi:\n    runtime: 1m\napiErrors: 0.1\nwatchLag: 200ms\ncontrollerRestarts: [5m]\n",
        )
        .expect("valid scenario");
        assert_eq!(s.watch_lag, 200);
        assert_eq!(s.controller_restarts, vec![300_000]);
        assert_eq!(s.api_errors.0.patch, 0.1);
        let b = s.behaviour("other", None, Some(3));
        assert_eq!(
            b.runtime,
            Some(DurationRange {
                min: 10_000,
                max: 20_000
            })
        );
        assert_eq!(b.failure_probability, Some(1.0));
        assert_eq!(b.exit_codes, Some(vec![42]));
        let b = s.behaviour("pi", None, None);
        assert_eq!(b.runtime, Some(DurationRange::fixed(60_000)));
        assert!(Scenario::from_yaml("pods: {failureProbability: 2}").is_err());
        assert!(Scenario::from_yaml("bogus: 1").is_err());
    }
}
