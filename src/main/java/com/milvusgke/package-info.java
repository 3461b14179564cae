/**
 * Milvus on GKE behind a Google Cloud Layer-7 load balancer, as a Pulumi program.
 *
 * <p>Packages and the one direction their imports point (a package imports only those below it):
 * <pre>
 *   App                       entry point: the Pulumi program, or the plan / verify / status command
 *   status                    the rollout stage by stage (reads the cluster, the outputs, and runs verify)
 *   plan, verify              commands (verify reads plan's placeholders to recognise them)
 *   cli                       exit codes and usage
 *   stack                     MilvusL7Stack, the output contract
 *   gke                       load-balancer components (backend, frontend, REST API, TLS policy, DNS record)
 *   milvus, tls               the Helm release and the chart's rules; the backend certificate
 *   k8s                       Kubernetes plumbing: provider, placement, typed custom resource, GKE annotation names,
 *                             the check for objects the stack did not make (kubeconfig, read-only API client)
 *   config                    StackConfig and its parser: imports nothing of this program
 *   launch, bootstrap         the jar's Main-Class (starts App in a JVM set up for a short run) and the plugin
 *                             listing the language host asks for: import nothing of this program
 * </pre>
 * {@code PackageLayeringTest} fails when an import points upwards.
 */
package com.milvusgke;
