//! Job create-time rules (`pkg/apis/batch/validation` `ValidateJob`,
//! `validateJobSpec`, `validatePodFailurePolicy`, `validateSuccessPolicy`).

use rustc_hash::FxHashSet;

use super::field::{go_json, FieldError, Path, Value};
use super::meta::{
    is_dns1123_label, is_dns1123_subdomain, is_qualified_name, selector_convertible,
    validate_label_selector_with, validate_nonnegative, validate_object_meta,
};
use super::pod::validate_pod_template_spec;
use crate::api::{
    CompletionMode, ConditionStatus, Job, JobSpec, PodFailurePolicyAction,
    PodFailurePolicyOnExitCodesOperator, PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern, PodFailurePolicyRule, PodReplacementPolicy,
    RestartPolicy, SuccessPolicyRule, CONTROLLER_UID_LABEL, JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL,
};

/// `maxParallelismForIndexedJob`.
const MAX_PARALLELISM_FOR_INDEXED_JOB: i32 = 100_000;
/// `maxFailedIndexesForIndexedJob`.
const MAX_FAILED_INDEXES_FOR_INDEXED_JOB: i32 = 100_000;
/// `completionsSoftLimit`.
const COMPLETIONS_SOFT_LIMIT: i32 = 100_000;
/// `parallelismLimitForHighCompletions`.
const PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
/// `maxFailedIndexesLimitForHighCompletions`.
const MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: i32 = 10_000;
/// `maxPodFailurePolicyRules`.
const MAX_POD_FAILURE_POLICY_RULES: usize = 20;
/// `maxPodFailurePolicyOnExitCodesValues`.
const MAX_ON_EXIT_CODES_VALUES: usize = 255;
/// `maxPodFailurePolicyOnPodConditionsPatterns`.
const MAX_ON_POD_CONDITIONS_PATTERNS: usize = 20;
/// `maxManagedByLength`.
const MAX_MANAGED_BY_LENGTH: usize = 63;
/// `maxJobSuccessPolicySucceededIndexesLimit`.
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;
/// `maxSuccessPolicyRule`.
const MAX_SUCCESS_POLICY_RULES: usize = 20;

/// The `JobValidationOptions` that `ValidateJob` reads.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobOptions {
    /// `RequirePrefixedLabels`: always on create; on update only when the
    /// stored template already had both `batch.kubernetes.io/` labels.
    pub require_prefixed_labels: bool,
    /// `AllowInvalidLabelValueInSelector`: on update when the stored
    /// selector already had an invalid value.
    pub allow_invalid_label_value_in_selector: bool,
    /// Whether `validateGeneratedSelector` runs: always, except on the
    /// update of an object no API server stored (it has no uid).
    pub check_generated_selector: bool,
}

impl JobOptions {
    /// The options `jobStrategy.Validate` uses on create.
    pub const CREATE: JobOptions = JobOptions {
        require_prefixed_labels: true,
        allow_invalid_label_value_in_selector: false,
        check_generated_selector: true,
    };
}

/// `ValidateJob` on an already defaulted Job (selector generated unless
/// `manualSelector`).
pub(crate) fn validate_defaulted_job(job: &Job) -> Vec<FieldError> {
    validate_defaulted_job_with(job, JobOptions::CREATE)
}

/// `ValidateJob` with explicit options (the update path).
pub(crate) fn validate_defaulted_job_with(job: &Job, opts: JobOptions) -> Vec<FieldError> {
    let mut errs = validate_object_meta(&job.metadata, &Path::new("metadata"));
    if opts.check_generated_selector {
        errs.extend(validate_generated_selector(
            job,
            opts.require_prefixed_labels,
        ));
    }
    errs.extend(validate_job_spec(&job.spec, &Path::new("spec"), opts));
    let spec = &job.spec;
    if spec.is_indexed() {
        if let Some(completions) = spec.completions.filter(|&c| c > 0) {
            // Indexed pods get `<name>-<index>` hostnames, which must be DNS labels.
            let hostname = format!("{}-{}", job.metadata.name(), completions - 1);
            if !is_dns1123_label(&hostname).is_empty() {
                errs.push(FieldError::invalid(
                    &Path::new("metadata").child("name"),
                    Value::Str(job.metadata.name().to_string()),
                    format!("will not able to create pod with invalid DNS label: {hostname}"),
                ));
            }
        }
    }
    errs
}

/// `validateGeneratedSelector`; `validate_batch_labels` is
/// `RequirePrefixedLabels` (always on create).
fn validate_generated_selector(job: &Job, validate_batch_labels: bool) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if job.spec.manual_selector == Some(true) {
        return errs;
    }
    let Some(selector) = &job.spec.selector else {
        return errs;
    };
    let uid = job.metadata.uid();
    let name = job.metadata.name();
    if uid.is_empty() {
        errs.push(FieldError::required(
            &Path::new("metadata").child("uid"),
            "",
        ));
    }
    let template_meta = Path::new("spec").child("template").child("metadata");
    let all = [
        (LEGACY_CONTROLLER_UID_LABEL, uid),
        (LEGACY_JOB_NAME_LABEL, name),
        (CONTROLLER_UID_LABEL, uid),
        (JOB_NAME_LABEL, name),
    ];
    // Without RequirePrefixedLabels only the legacy labels are checked and expected.
    let expected = if validate_batch_labels {
        &all[..]
    } else {
        &all[..2]
    };
    for &(key, want) in expected {
        errs.extend(validate_has_label(&job.spec, &template_meta, key, want));
    }
    if selector_convertible(selector) {
        let labels = expected
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !selector.matches(Some(&labels)) {
            errs.push(FieldError::invalid(
                &Path::new("spec").child("selector"),
                Value::json(selector),
                "`selector` not auto-generated",
            ));
        }
    }
    errs
}

/// `ValidateHasLabel`.
fn validate_has_label(spec: &JobSpec, path: &Path, key: &str, want: &str) -> Vec<FieldError> {
    let label_path = path.child("labels").key(key);
    let detail = format!("must be '{want}'");
    match spec.template.metadata.label(key) {
        None => vec![FieldError::required(&label_path, detail)],
        Some(v) if v != want => vec![FieldError::invalid(
            &label_path,
            Value::go_string_map(spec.template.metadata.labels.as_deref()),
            detail,
        )],
        Some(_) => Vec::new(),
    }
}

/// `ValidateJobSpec`: `validateJobSpec` plus the selector rules.
pub(crate) fn validate_job_spec(spec: &JobSpec, path: &Path, opts: JobOptions) -> Vec<FieldError> {
    let mut errs = validate_job_spec_common(spec, path);
    let selects_template = match &spec.selector {
        None => {
            errs.push(FieldError::required(&path.child("selector"), ""));
            // ValidateJobSpec: LabelSelectorAsSelector(nil) is labels.Nothing(), which matches no labels.
            Some(false)
        }
        Some(selector) => {
            errs.extend(validate_label_selector_with(
                selector,
                &path.child("selector"),
                opts.allow_invalid_label_value_in_selector,
            ));
            selector_convertible(selector)
                .then(|| selector.matches(spec.template.metadata.labels.as_deref()))
        }
    };
    if selects_template == Some(false) {
        errs.push(FieldError::invalid(
            &path.child("template").child("metadata").child("labels"),
            Value::go_string_map(spec.template.metadata.labels.as_deref()),
            "`selector` does not match template `labels`",
        ));
    }
    errs
}

/// `validateJobSpec`: the rules shared by Jobs and CronJob job templates.
pub(crate) fn validate_job_spec_common(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let nonneg = |v: Option<i64>, name: &str, errs: &mut Vec<FieldError>| {
        if let Some(v) = v {
            errs.extend(validate_nonnegative(v, &path.child(name)));
        }
    };
    nonneg(spec.parallelism.map(i64::from), "parallelism", &mut errs);
    nonneg(spec.completions.map(i64::from), "completions", &mut errs);
    nonneg(
        spec.active_deadline_seconds,
        "activeDeadlineSeconds",
        &mut errs,
    );
    nonneg(spec.backoff_limit.map(i64::from), "backoffLimit", &mut errs);
    nonneg(
        spec.ttl_seconds_after_finished.map(i64::from),
        "ttlSecondsAfterFinished",
        &mut errs,
    );
    nonneg(
        spec.backoff_limit_per_index.map(i64::from),
        "backoffLimitPerIndex",
        &mut errs,
    );
    if let Some(max_failed) = spec.max_failed_indexes {
        errs.extend(validate_nonnegative(
            i64::from(max_failed),
            &path.child("maxFailedIndexes"),
        ));
        if spec.backoff_limit_per_index.is_none() {
            errs.push(FieldError::required(
                &path.child("backoffLimitPerIndex"),
                "when maxFailedIndexes is specified",
            ));
        }
    }
    if let Some(managed_by) = &spec.managed_by {
        errs.extend(is_domain_prefixed_path(
            &path.child("managedBy"),
            managed_by,
        ));
        if managed_by.len() > MAX_MANAGED_BY_LENGTH {
            errs.push(FieldError::too_long(
                &path.child("managedBy"),
                MAX_MANAGED_BY_LENGTH,
            ));
        }
    }
    errs.extend(validate_completion_mode(spec, path));
    if spec.pod_failure_policy.is_some() {
        errs.extend(validate_pod_failure_policy(
            spec,
            &path.child("podFailurePolicy"),
        ));
    }
    if let Some(policy) = &spec.success_policy {
        if !spec.is_indexed() {
            errs.push(FieldError::invalid(
                &path.child("successPolicy"),
                success_policy_value(&policy.rules),
                "requires indexed completion mode",
            ));
        } else {
            errs.extend(validate_success_policy(
                spec,
                &policy.rules,
                &path.child("successPolicy"),
            ));
        }
    }
    errs.extend(validate_pod_replacement_policy(
        spec,
        &path.child("podReplacementPolicy"),
    ));
    errs.extend(validate_pod_template_spec(
        &spec.template,
        &path.child("template"),
    ));
    // Pod defaulting turns an unset restartPolicy into Always.
    let rp_path = path.child("template").child("spec").child("restartPolicy");
    match spec.template.spec.restart_policy.as_ref() {
        None | Some(RestartPolicy::Always) => errs.push(FieldError::required(
            &rp_path,
            "valid values: \"OnFailure\", \"Never\"",
        )),
        Some(RestartPolicy::Other(other)) if other.is_empty() => errs.push(FieldError::required(
            &rp_path,
            "valid values: \"OnFailure\", \"Never\"",
        )),
        Some(RestartPolicy::Other(other)) => errs.push(FieldError::not_supported(
            &rp_path,
            Value::Str(other.to_string()),
            &["OnFailure", "Never"],
        )),
        Some(RestartPolicy::OnFailure) if spec.pod_failure_policy.is_some() => {
            errs.push(FieldError::invalid(
                &rp_path,
                Value::Str("OnFailure".to_string()),
                "only \"Never\" is supported when podFailurePolicy is specified",
            ))
        }
        Some(_) => {}
    }
    errs
}

/// The `completionMode` block of `validateJobSpec`.
fn validate_completion_mode(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    match &spec.completion_mode {
        Some(CompletionMode::Other(other)) => errs.push(FieldError::not_supported(
            &path.child("completionMode"),
            Value::Str(other.to_string()),
            CompletionMode::KNOWN,
        )),
        Some(CompletionMode::Indexed) => {
            if spec.completions.is_none() {
                errs.push(FieldError::required(
                    &path.child("completions"),
                    "when completion mode is Indexed",
                ));
            }
            if let Some(p) = spec
                .parallelism
                .filter(|&p| p > MAX_PARALLELISM_FOR_INDEXED_JOB)
            {
                errs.push(FieldError::invalid(
                    &path.child("parallelism"),
                    Value::Int(p.into()),
                    format!(
                        "must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed"
                    ),
                ));
            }
            if let (Some(c), Some(m)) = (spec.completions, spec.max_failed_indexes) {
                if m > c {
                    errs.push(FieldError::invalid(
                        &path.child("maxFailedIndexes"),
                        Value::Int(m.into()),
                        "must be less than or equal to completions",
                    ));
                }
            }
            if let Some(m) = spec
                .max_failed_indexes
                .filter(|&m| m > MAX_FAILED_INDEXES_FOR_INDEXED_JOB)
            {
                errs.push(FieldError::invalid(
                    &path.child("maxFailedIndexes"),
                    Value::Int(m.into()),
                    format!("must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}"),
                ));
            }
            let high = spec.completions.is_some_and(|c| c > COMPLETIONS_SOFT_LIMIT);
            if high && spec.backoff_limit_per_index.is_some() {
                if spec.max_failed_indexes.is_none() {
                    errs.push(FieldError::required(
                        &path.child("maxFailedIndexes"),
                        format!(
                            "must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"
                        ),
                    ));
                }
                if let Some(p) = spec
                    .parallelism
                    .filter(|&p| p > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS)
                {
                    errs.push(FieldError::invalid(
                        &path.child("parallelism"),
                        Value::Int(p.into()),
                        format!("must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"),
                    ));
                }
                if let Some(m) = spec
                    .max_failed_indexes
                    .filter(|&m| m > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS)
                {
                    errs.push(FieldError::invalid(
                        &path.child("maxFailedIndexes"),
                        Value::Int(m.into()),
                        format!("must be less than or equal to {MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS} when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"),
                    ));
                }
            }
        }
        None | Some(CompletionMode::NonIndexed) => {}
    }
    if matches!(
        spec.completion_mode,
        None | Some(CompletionMode::NonIndexed)
    ) {
        if let Some(b) = spec.backoff_limit_per_index {
            errs.push(FieldError::invalid(
                &path.child("backoffLimitPerIndex"),
                Value::Int(b.into()),
                "requires indexed completion mode",
            ));
        }
        if let Some(m) = spec.max_failed_indexes {
            errs.push(FieldError::invalid(
                &path.child("maxFailedIndexes"),
                Value::Int(m.into()),
                "requires indexed completion mode",
            ));
        }
    }
    errs
}

/// `validatePodFailurePolicy`.
fn validate_pod_failure_policy(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(policy) = &spec.pod_failure_policy else {
        return errs;
    };
    let rules_path = path.child("rules");
    if policy.rules.len() > MAX_POD_FAILURE_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rules_path,
            policy.rules.len(),
            MAX_POD_FAILURE_POLICY_RULES,
        ));
    }
    let container_names: FxHashSet<&str> = spec
        .template
        .spec
        .containers
        .iter()
        .chain(spec.template.spec.init_containers.iter().flatten())
        .map(|c| c.name.as_str())
        .collect();
    for (i, rule) in policy.rules.iter().enumerate() {
        errs.extend(validate_pod_failure_policy_rule(
            spec,
            rule,
            &rules_path.index(i),
            &container_names,
        ));
    }
    errs
}

/// `validatePodFailurePolicyRule`.
fn validate_pod_failure_policy_rule(
    spec: &JobSpec,
    rule: &PodFailurePolicyRule,
    path: &Path,
    container_names: &FxHashSet<&str>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let action_path = path.child("action");
    // sets.List order: sorted.
    const ACTIONS: &[&str] = &["Count", "FailIndex", "FailJob", "Ignore"];
    match &rule.action {
        PodFailurePolicyAction::Other(a) if a.is_empty() => errs.push(FieldError::required(
            &action_path,
            format!("valid values: {}", go_quote_list(ACTIONS)),
        )),
        PodFailurePolicyAction::FailIndex if spec.backoff_limit_per_index.is_none() => {
            errs.push(FieldError::invalid(
                &action_path,
                Value::Str("FailIndex".to_string()),
                "requires the backoffLimitPerIndex to be set",
            ))
        }
        PodFailurePolicyAction::Other(a) => errs.push(FieldError::not_supported(
            &action_path,
            Value::Str(a.to_string()),
            ACTIONS,
        )),
        _ => {}
    }
    let on_pod_conditions = rule.on_pod_conditions.as_deref().unwrap_or(&[]);
    if let Some(req) = &rule.on_exit_codes {
        errs.extend(validate_on_exit_codes(
            req,
            &path.child("onExitCodes"),
            container_names,
        ));
    }
    if !on_pod_conditions.is_empty() {
        errs.extend(validate_on_pod_conditions(
            on_pod_conditions,
            &path.child("onPodConditions"),
        ));
    }
    if rule.on_exit_codes.is_some() && !on_pod_conditions.is_empty() {
        errs.push(FieldError::invalid(
            path,
            Value::Omit,
            "specifying both OnExitCodes and OnPodConditions is not supported",
        ));
    }
    if rule.on_exit_codes.is_none() && on_pod_conditions.is_empty() {
        errs.push(FieldError::invalid(
            path,
            Value::Omit,
            "specifying one of OnExitCodes and OnPodConditions is required",
        ));
    }
    errs
}

/// `validatePodFailurePolicyRuleOnPodConditions`.
fn validate_on_pod_conditions(
    patterns: &[PodFailurePolicyOnPodConditionsPattern],
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    const STATUSES: &[&str] = &["False", "True", "Unknown"];
    if patterns.len() > MAX_ON_POD_CONDITIONS_PATTERNS {
        errs.push(FieldError::too_many(
            path,
            patterns.len(),
            MAX_ON_POD_CONDITIONS_PATTERNS,
        ));
    }
    for (j, pattern) in patterns.iter().enumerate() {
        let pp = path.index(j);
        for msg in is_qualified_name(pattern.type_.as_str()) {
            errs.push(FieldError::invalid(
                &pp.child("type"),
                Value::Str(pattern.type_.as_str().to_string()),
                msg,
            ));
        }
        let status_path = pp.child("status");
        match &pattern.status {
            None => errs.push(FieldError::required(
                &status_path,
                format!("valid values: {}", go_quote_list(STATUSES)),
            )),
            Some(ConditionStatus::Other(s)) if s.is_empty() => errs.push(FieldError::required(
                &status_path,
                format!("valid values: {}", go_quote_list(STATUSES)),
            )),
            Some(ConditionStatus::Other(s)) => errs.push(FieldError::not_supported(
                &status_path,
                Value::Str(s.to_string()),
                STATUSES,
            )),
            Some(_) => {}
        }
    }
    errs
}

/// `validatePodFailurePolicyRuleOnExitCodes`.
fn validate_on_exit_codes(
    req: &PodFailurePolicyOnExitCodesRequirement,
    path: &Path,
    container_names: &FxHashSet<&str>,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    const OPERATORS: &[&str] = &["In", "NotIn"];
    let op_path = path.child("operator");
    match &req.operator {
        PodFailurePolicyOnExitCodesOperator::Other(o) if o.is_empty() => {
            errs.push(FieldError::required(
                &op_path,
                format!("valid values: {}", go_quote_list(OPERATORS)),
            ))
        }
        PodFailurePolicyOnExitCodesOperator::Other(o) => errs.push(FieldError::not_supported(
            &op_path,
            Value::Str(o.to_string()),
            OPERATORS,
        )),
        _ => {}
    }
    if let Some(name) = &req.container_name {
        if !container_names.contains(name.as_str()) {
            errs.push(FieldError::invalid(
                &path.child("containerName"),
                Value::Str(name.clone()),
                "must be one of the container or initContainer names in the pod template",
            ));
        }
    }
    let values_path = path.child("values");
    if req.values.is_empty() {
        errs.push(FieldError::invalid(
            &values_path,
            Value::go_int32_slice(&req.values),
            "at least one value is required",
        ));
    } else if req.values.len() > MAX_ON_EXIT_CODES_VALUES {
        errs.push(FieldError::too_many(
            &values_path,
            req.values.len(),
            MAX_ON_EXIT_CODES_VALUES,
        ));
    }
    let mut ordered = true;
    let mut seen = FxHashSet::default();
    for (j, &v) in req.values.iter().enumerate() {
        let vp = values_path.index(j);
        if req.operator == PodFailurePolicyOnExitCodesOperator::In && v == 0 {
            errs.push(FieldError::invalid(
                &vp,
                Value::Int(v.into()),
                "must not be 0 for the In operator",
            ));
        }
        if !seen.insert(v) {
            errs.push(FieldError::duplicate(&vp, Value::Int(v.into())));
        }
        if j > 0 && req.values[j - 1] > v {
            ordered = false;
        }
    }
    if !ordered {
        errs.push(FieldError::invalid(
            &values_path,
            Value::go_int32_slice(&req.values),
            "must be ordered",
        ));
    }
    errs
}

/// `validatePodReplacementPolicy`.
fn validate_pod_replacement_policy(spec: &JobSpec, path: &Path) -> Vec<FieldError> {
    let Some(policy) = &spec.pod_replacement_policy else {
        return Vec::new();
    };
    if spec.pod_failure_policy.is_some() {
        if *policy != PodReplacementPolicy::Failed {
            return vec![FieldError::not_supported(
                path,
                Value::Str(policy.to_string()),
                &["Failed"],
            )];
        }
    } else if let PodReplacementPolicy::Other(other) = policy {
        // sets.List order: sorted.
        return vec![FieldError::not_supported(
            path,
            Value::Str(other.to_string()),
            &["Failed", "TerminatingOrFailed"],
        )];
    }
    Vec::new()
}

/// `validateSuccessPolicy` (Indexed Jobs only).
fn validate_success_policy(
    spec: &JobSpec,
    rules: &[SuccessPolicyRule],
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let rules_path = path.child("rules");
    if rules.is_empty() {
        errs.push(FieldError::required(
            &rules_path,
            "at least one rules must be specified when the successPolicy is specified",
        ));
    }
    if rules.len() > MAX_SUCCESS_POLICY_RULES {
        errs.push(FieldError::too_many(
            &rules_path,
            rules.len(),
            MAX_SUCCESS_POLICY_RULES,
        ));
    }
    for (i, rule) in rules.iter().enumerate() {
        let rp = rules_path.index(i);
        // validateSuccessPolicyRule checks this before it reads completions.
        if rule.succeeded_count.is_none() && rule.succeeded_indexes.is_none() {
            errs.push(FieldError::required(
                &rp,
                "at least one of succeededCount or succeededIndexes must be specified",
            ));
        }
        // Upstream dereferences completions from here on; without it (already
        // reported as Required) there is nothing to compare against.
        let Some(completions) = spec.completions else {
            continue;
        };
        let mut total_indexes: i64 = 0;
        if let Some(indexes) = &rule.succeeded_indexes {
            let ip = rp.child("succeededIndexes");
            if indexes.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
                errs.push(FieldError::too_long(&ip, MAX_SUCCEEDED_INDEXES_LENGTH));
            }
            match validate_indexes_format(indexes, completions) {
                Ok(total) => total_indexes = total,
                Err(e) => errs.push(FieldError::invalid(
                    &ip,
                    Value::Str(indexes.clone()),
                    format!("error parsing succeededIndexes: {e}"),
                )),
            }
        }
        if let Some(count) = rule.succeeded_count {
            let cp = rp.child("succeededCount");
            errs.extend(validate_nonnegative(count.into(), &cp));
            if count > completions {
                errs.push(FieldError::invalid(
                    &cp,
                    Value::Int(count.into()),
                    format!("must be less than or equal to {completions} (the number of specified completions)"),
                ));
            }
            if rule.succeeded_indexes.is_some() && i64::from(count) > total_indexes {
                errs.push(FieldError::invalid(
                    &cp,
                    Value::Int(count.into()),
                    format!("must be less than or equal to {total_indexes} (the number of indexes in the specified succeededIndexes field)"),
                ));
            }
        }
    }
    errs
}

/// Go's `json.Marshal` of the internal (untagged) `batch.SuccessPolicy`,
/// field order kept.
pub(crate) fn success_policy_value(rules: &[SuccessPolicyRule]) -> Value {
    let body: Vec<String> = rules
        .iter()
        .map(|r| {
            format!(
                "{{\"SucceededIndexes\":{},\"SucceededCount\":{}}}",
                go_json(&r.succeeded_indexes),
                go_json(&r.succeeded_count)
            )
        })
        .collect();
    let rules_json = if body.is_empty() {
        "null".to_string()
    } else {
        format!("[{}]", body.join(","))
    };
    Value::Json(format!("{{\"Rules\":{rules_json}}}"))
}

/// `validateIndexesFormat`: intervals `a` or `a-b`, comma-separated,
/// increasing, below `completions`. Returns how many indexes they cover.
pub fn validate_indexes_format(indexes: &str, completions: i32) -> Result<i64, String> {
    if indexes.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total: i64 = 0;
    for interval in indexes.split(',') {
        let (x, y) = parse_index_interval(interval, completions)?;
        if let Some(l) = last {
            if l >= x {
                return Err(format!("non-increasing order, previous: {l}, current: {x}"));
            }
        }
        total += y - x + 1;
        last = Some(y);
    }
    Ok(total)
}

/// `parseIndexInterval`.
fn parse_index_interval(interval: &str, completions: i32) -> Result<(i64, i64), String> {
    let limits: Vec<&str> = interval.split('-').collect();
    if limits.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            super::field::go_quote(interval)
        ));
    }
    let x = go_atoi(limits[0]).ok_or_else(|| {
        format!(
            "cannot convert string to integer for index: {}",
            super::field::go_quote(limits[0])
        )
    })?;
    if x >= i64::from(completions) {
        return Err(format!(
            "too large index: {}",
            super::field::go_quote(limits[0])
        ));
    }
    if let Some(second) = limits.get(1) {
        let y = go_atoi(second).ok_or_else(|| {
            format!(
                "cannot convert string to integer for index: {}",
                super::field::go_quote(second)
            )
        })?;
        if y >= i64::from(completions) {
            return Err(format!(
                "too large index: {}",
                super::field::go_quote(second)
            ));
        }
        if x >= y {
            return Err(format!("non-increasing order, previous: {x}, current: {y}"));
        }
        return Ok((x, y));
    }
    Ok((x, x))
}

/// Go's `strconv.Atoi` (optional sign, decimal digits, 64-bit range).
fn go_atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// `IsDomainPrefixedPath` (for `spec.managedBy`).
fn is_domain_prefixed_path(path: &Path, value: &str) -> Vec<FieldError> {
    if value.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    let (host, rest) = match value.split_once('/') {
        Some((h, r)) if !h.is_empty() && !r.is_empty() => (h, r),
        _ => {
            return vec![FieldError::invalid(
                path,
                Value::Str(value.to_string()),
                "must be a domain-prefixed path (such as \"acme.io/foo\")",
            )]
        }
    };
    let mut errs: Vec<FieldError> = is_dns1123_subdomain(host)
        .into_iter()
        .map(|m| FieldError::invalid(path, Value::Str(host.to_string()), m))
        .collect();
    let path_ok = rest
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/-._~%!$&'()*+,;=:".contains(&b));
    if !path_ok {
        errs.push(FieldError::invalid(
            path,
            Value::Str(rest.to_string()),
            super::meta::regex_error("Invalid path", "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+", &[]),
        ));
    }
    errs
}

fn go_quote_list(values: &[&str]) -> String {
    // `%q` of a []string: ["a" "b"].
    let quoted: Vec<String> = values.iter().map(|v| super::field::go_quote(v)).collect();
    format!("[{}]", quoted.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_intervals() {
        assert_eq!(validate_indexes_format("0,2-4", 5), Ok(4));
        assert_eq!(
            validate_indexes_format("0,5", 5),
            Err("too large index: \"5\"".to_string())
        );
        assert_eq!(
            validate_indexes_format("3,1", 5),
            Err("non-increasing order, previous: 3, current: 1".to_string())
        );
        assert_eq!(
            validate_indexes_format("1-2-3", 5),
            Err("the fragment \"1-2-3\" violates the requirement that an index interval can have at most two parts separated by '-'".to_string())
        );
        assert_eq!(
            validate_indexes_format("a", 5),
            Err("cannot convert string to integer for index: \"a\"".to_string())
        );
    }
}
