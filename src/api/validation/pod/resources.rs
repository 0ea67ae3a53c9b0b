//! Pod-level resources (`validatePodResources`, PodLevelResources on):
//! the requirements with the pod-level resource names, then
//! `validatePodResourceConsistency` against the containers.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value as Json;

use super::container::{parsed_resource_list, validate_resource_requirements};
use super::quantity::Quantity;
use crate::api::validation::field::{FieldError, Path, Value};
use crate::api::{Container, PodSpec, RestartPolicy};

type List = BTreeMap<String, Quantity>;

/// `addResourceList`: a new name takes a copy, an existing one is summed.
fn add_list(list: &mut List, new: &[(String, Quantity)]) -> Option<()> {
    for (name, q) in new {
        let sum = match list.get(name) {
            None => q.clone(),
            Some(v) => v.add(q)?,
        };
        list.insert(name.clone(), sum);
    }
    Some(())
}

/// `maxResourceList`.
fn max_list(list: &mut List, new: &List) {
    for (name, q) in new {
        let greater = list
            .get(name)
            .is_none_or(|v| q.cmp_value(v) == Ordering::Greater);
        if greater {
            list.insert(name.clone(), q.clone());
        }
    }
}

fn requests(c: &Container) -> Vec<(String, Quantity)> {
    parsed_resource_list(c.extra.get("resources").and_then(|r| r.get("requests")))
}

/// `resourcehelper.AggregateContainerRequests`: the containers' requests
/// summed, sidecars added, each init container taken with the sidecars
/// before it, and the larger of the two kept. None when a sum is out of
/// reach of exact milli arithmetic.
fn aggregate_container_requests(spec: &PodSpec) -> Option<List> {
    let mut reqs = List::new();
    for c in &spec.containers {
        add_list(&mut reqs, &requests(c))?;
    }
    let mut restartable = List::new();
    let mut init = List::new();
    for c in spec.init_containers.iter().flatten() {
        let own = requests(c);
        let container_reqs = if c.restart_policy == Some(RestartPolicy::Always) {
            add_list(&mut reqs, &own)?;
            add_list(&mut restartable, &own)?;
            restartable.clone()
        } else {
            let mut tmp = List::new();
            add_list(&mut tmp, &own)?;
            let sidecars: Vec<(String, Quantity)> = restartable
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            add_list(&mut tmp, &sidecars)?;
            tmp
        };
        max_list(&mut init, &container_reqs);
    }
    max_list(&mut reqs, &init);
    Some(reqs)
}

/// `validatePodResources`; resource lists are walked in key order
/// (upstream walks Go maps).
pub fn validate_pod_resources(
    spec: &PodSpec,
    claim_names: &BTreeSet<String>,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(resources) = spec.extra.get("resources").filter(|r| r.is_object()) else {
        return errs;
    };
    if resources.get("claims").is_some_and(|c| !c.is_null()) {
        errs.push(FieldError::forbidden(
            &path.child("claims"),
            "claims cannot be set for Resources at pod-level",
        ));
    }
    errs.extend(validate_resource_requirements(
        Some(resources),
        true,
        claim_names,
        path,
    ));
    // validatePodResourceConsistency
    let pod_requests: List = parsed_resource_list(resources.get("requests"))
        .into_iter()
        .collect();
    let pod_limits: List = parsed_resource_list(resources.get("limits"))
        .into_iter()
        .collect();
    let zero = Quantity::parse("0").ok();
    if let (Some(aggregate), Some(zero)) = (aggregate_container_requests(spec), zero) {
        for (name, ctr_reqs) in &aggregate {
            let pod_req = pod_requests.get(name).unwrap_or(&zero);
            if ctr_reqs.cmp_value(pod_req) == Ordering::Greater {
                errs.push(FieldError::invalid(
                    &path.child("requests").key(name),
                    Value::Str(pod_req.canonical()),
                    format!(
                        "must be greater than or equal to aggregate container requests of {}",
                        ctr_reqs.canonical()
                    ),
                ));
            }
        }
    }
    for (i, c) in spec.containers.iter().enumerate() {
        let limits = parsed_resource_list(
            c.extra
                .get("resources")
                .and_then(|r: &Json| r.get("limits")),
        );
        for (name, limit) in &limits {
            let Some(pod_limit) = pod_limits.get(name) else {
                continue;
            };
            if limit.cmp_value(pod_limit) == Ordering::Greater {
                errs.push(FieldError::invalid(
                    &path.child("containers").index(i).key(name).child("limits"),
                    Value::Str(limit.canonical()),
                    format!(
                        "must be less than or equal to pod limits of {}",
                        pod_limit.canonical()
                    ),
                ));
            }
        }
    }
    errs
}
