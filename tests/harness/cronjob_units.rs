//! Runner for `cronjob/units.json` facts about upstream helpers.

use serde_json::Value;

use kbatch::api::{CronJob, Job, JobConditionType, ObjectReference, CRONJOB_SCHEDULED_TIMESTAMP};
use kbatch::cronjob::{
    by_job_start_time, get_job_from_template, get_job_name, get_jobs_to_be_reconciled,
    in_active_list, in_active_list_by_name, next_schedule_time_duration, update_cronjob_requeue,
    UpdateRequeue,
};

use crate::common::{engine, parse, time};
use crate::cronjob::{run_most_recent, seconds_match};

fn expect_eq<T: PartialEq + std::fmt::Debug>(what: &str, want: T, got: T) -> Result<(), String> {
    if want == got {
        Ok(())
    } else {
        Err(format!("{what}: expected {want:?}, got {got:?}"))
    }
}

/// `seconds` (a fixture duration) equals `nanos`, to the microsecond.
fn expect_seconds(what: &str, seconds: &Value, nanos: i64) -> Result<(), String> {
    if seconds_match(seconds, Some(nanos)) {
        Ok(())
    } else {
        Err(format!("{what}: expected {seconds} s, got {nanos} ns"))
    }
}

/// Run one fact; `None` when its function is not a CronJob helper.
pub fn run_fact(fact: &Value) -> Option<Result<(), String>> {
    let function = fact["function"].as_str()?;
    let input = &fact["input"];
    let output = &fact["output"];
    let result = match function {
        "getJobsToBeReconciled" => jobs_to_be_reconciled(input, output),
        "updateCronJob" => update_cronjob(input, output),
        "getJobFromTemplate2" => job_from_template(input, output),
        "byJobStartTime" => job_start_order(input, output),
        "nextScheduleTimeDuration" => requeue_duration(input, output),
        "mostRecentScheduleTime" | "nextScheduleTime" => most_recent(function, input, output),
        "getTimeHashInMinutes" => (|| {
            let at = time(&input["scheduledTime"], "scheduledTime")?;
            let hash = get_job_name("", at);
            expect_eq(
                "hash",
                output["hash"].as_i64().map(|h| format!("-{h}")),
                Some(hash),
            )
        })(),
        "getJobName" => (|| {
            let name = input["cronJobName"].as_str().unwrap_or("");
            let at = time(&input["scheduledTime"], "scheduledTime")?;
            expect_eq(
                "name",
                output["name"].as_str(),
                Some(get_job_name(name, at).as_str()),
            )
        })(),
        "isJobFinished" | "IsJobFinished" => (|| {
            let job = job_with_status(input)?;
            expect_eq(
                "finished",
                output["finished"].as_bool(),
                Some(job.is_finished()),
            )
        })(),
        "isJobSucceeded" | "IsJobSucceeded" => (|| {
            let job = job_with_status(input)?;
            let succeeded = job.has_true_condition(&JobConditionType::Complete);
            expect_eq("succeeded", output["succeeded"].as_bool(), Some(succeeded))
        })(),
        "getFinishedStatus" => (|| {
            let job = job_with_status(input)?;
            expect_eq(
                "finished",
                output["finished"].as_bool(),
                Some(job.is_finished()),
            )?;
            let condition = job.finished_condition().map(|c| c.type_.to_string());
            let want = output["conditionType"].as_str().filter(|t| !t.is_empty());
            expect_eq("conditionType", want, condition.as_deref())
        })(),
        "inActiveList" => (|| {
            let cj = with_active(&input["active"])?;
            let uid = input["uid"].as_str().unwrap_or("");
            expect_eq(
                "found",
                output["found"].as_bool(),
                Some(in_active_list(&cj, uid)),
            )
        })(),
        "inActiveListByName" => (|| {
            let cj = with_active(&input["active"])?;
            let name = input["job"]["name"].as_str().unwrap_or("");
            let ns = input["job"]["namespace"].as_str().unwrap_or("");
            let found = in_active_list_by_name(&cj, name, ns);
            expect_eq("found", output["found"].as_bool(), Some(found))
        })(),
        _ => return None,
    };
    Some(result)
}

/// A Job with the fact's `status` (or its whole `job`).
fn job_with_status(input: &Value) -> Result<Job, String> {
    match input.get("job") {
        Some(job) => parse(job, "job"),
        None => parse(&serde_json::json!({ "status": input["status"] }), "job"),
    }
}

fn with_active(active: &Value) -> Result<CronJob, String> {
    let refs: Vec<ObjectReference> = parse(active, "active")?;
    let mut cj = CronJob::default();
    cj.status.get_or_insert_with(Default::default).active = Some(refs);
    Ok(cj)
}

fn jobs_to_be_reconciled(input: &Value, output: &Value) -> Result<(), String> {
    let cj: CronJob = parse(&input["cronJob"], "cronJob")?;
    let jobs: Vec<Job> = parse(&input["jobs"], "jobs")?;
    let got: Vec<&str> = get_jobs_to_be_reconciled(&cj, &jobs)
        .iter()
        .map(|j| j.metadata.name())
        .collect();
    let want: Vec<&str> = output["jobs"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    expect_eq("jobs", want, got)
}

fn update_cronjob(input: &Value, output: &Value) -> Result<(), String> {
    let now = time(&input["now"], "now")?;
    let old: CronJob = parse(&input["oldCronJob"], "oldCronJob")?;
    let new: CronJob = parse(&input["newCronJob"], "newCronJob")?;
    let got = match update_cronjob_requeue(engine(), &old, &new, now) {
        UpdateRequeue::After(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        UpdateRequeue::Now | UpdateRequeue::Unparseable(_) => 0,
    };
    expect_seconds("delay", &output["delaySeconds"], got)
}

fn job_from_template(input: &Value, output: &Value) -> Result<(), String> {
    let cj: CronJob = parse(&input["cronJob"], "cronJob")?;
    let at = time(&input["scheduledTime"], "scheduledTime")?;
    let job = get_job_from_template(&cj, at).map_err(|e| e.to_string())?;
    let name = job.metadata.name();
    if let Some(prefix) = output["namePrefix"].as_str() {
        if !name.starts_with(prefix) {
            return Err(format!("name {name:?} does not start with {prefix:?}"));
        }
    }
    let labels = job.metadata.labels.as_deref().map_or(0, |l| l.len());
    let annotations = job.metadata.annotations.clone().unwrap_or_default();
    if let Some(n) = output["labelCount"].as_u64() {
        expect_eq("labelCount", n as usize, labels)?;
    }
    if let Some(n) = output["annotationCount"].as_u64() {
        expect_eq("annotationCount", n as usize, annotations.len())?;
    }
    if let Some(want) = output["annotations"].as_object() {
        for (k, v) in want {
            expect_eq(
                &format!("annotation {k}"),
                v.as_str(),
                annotations.get(k).map(String::as_str),
            )?;
        }
    }
    let _ = CRONJOB_SCHEDULED_TIMESTAMP;
    Ok(())
}

fn job_start_order(input: &Value, output: &Value) -> Result<(), String> {
    let to_job = |v: &Value| -> Result<Job, String> {
        parse(
            &serde_json::json!({
                "metadata": { "name": v["name"] },
                "status": { "startTime": v.get("startTime").cloned().unwrap_or(Value::Null) },
            }),
            "job",
        )
    };
    let mut jobs = input["jobs"]
        .as_array()
        .ok_or("input.jobs missing")?
        .iter()
        .map(to_job)
        .collect::<Result<Vec<_>, _>>()?;
    jobs.sort_by(by_job_start_time);
    let got: Vec<&str> = jobs.iter().map(|j| j.metadata.name()).collect();
    let want: Vec<&str> = output["jobs"]
        .as_array()
        .map(|a| a.iter().filter_map(|j| j["name"].as_str()).collect())
        .unwrap_or_default();
    expect_eq("order", want, got)
}

fn requeue_duration(input: &Value, output: &Value) -> Result<(), String> {
    let now = time(&input["now"], "now")?;
    let cj: CronJob = parse(&input["cronJob"], "cronJob")?;
    let expr = input["schedule"].as_str().unwrap_or(&cj.spec.schedule);
    let schedule = engine()
        .parse(expr, cj.spec.time_zone.as_deref())
        .map_err(|e| format!("schedule {expr:?}: {e}"))?;
    let nanos = next_schedule_time_duration(&cj, now, schedule.as_ref());
    expect_seconds("requeueAfter", &output["requeueAfterSeconds"], nanos)
}

/// `mostRecentScheduleTime` / `nextScheduleTime` facts: the input and output
/// read as one `cronjob/most_recent.json` case (`nextScheduleTime` applies
/// the deadline and returns only a slot at or before now).
fn most_recent(function: &str, input: &Value, output: &Value) -> Result<(), String> {
    let mut case = serde_json::Map::new();
    for part in [input, output] {
        if let Some(fields) = part.as_object() {
            case.extend(fields.clone());
        }
    }
    if function == "nextScheduleTime" {
        case.insert("includeStartingDeadlineSeconds".into(), Value::Bool(true));
        if let Some(t) = case.remove("scheduledTime") {
            case.insert("mostRecent".into(), t);
        }
    }
    run_most_recent(&Value::Object(case))
}
