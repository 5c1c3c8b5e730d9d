"""Alarms (all to the alerts topic) and the operations dashboard of the compute stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs

from infra.components.functions import log_retention, override_logical_id

if TYPE_CHECKING:
    from infra.stacks.compute_stack import ComputeStack

METRICS_NAMESPACE = "TattooDirectory"


class Monitoring:
    """Reads the parts it watches from the stack and creates its resources in the stack's scope
    (so logical ids stay `ApiFunctionErrorsAlarm`, `SyncIteratorAgeAlarm`, ...)."""

    def __init__(self, stack: ComputeStack) -> None:
        self.stack = stack
        self._alarms()
        self._dashboard()

    def _alarm(self, construct_id: str, **kwargs: object) -> cloudwatch.Alarm:
        alarm = cloudwatch.Alarm(
            self.stack,
            construct_id,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            **kwargs,  # type: ignore[arg-type]
        )
        override_logical_id(alarm, construct_id)
        return alarm

    def _alarms(self) -> None:
        five_minutes = Duration.minutes(5)
        self.alarms: list[cloudwatch.Alarm] = [self.stack.blocked_requests_alarm]
        for fn in self.stack.functions.values():
            name = fn.spec.construct_name
            self.alarms.append(
                self._alarm(
                    f"{name}FunctionErrorsAlarm",
                    alarm_description=f"{fn.spec.short_name}: invocation errors",
                    metric=fn.function.metric_errors(period=five_minutes, statistic="Sum"),
                    threshold=1,
                    evaluation_periods=1,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                )
            )
            self.alarms.append(
                self._alarm(
                    f"{name}FunctionThrottlesAlarm",
                    alarm_description=f"{fn.spec.short_name}: throttled invocations",
                    metric=fn.function.metric_throttles(period=five_minutes, statistic="Sum"),
                    threshold=1,
                    evaluation_periods=1,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                )
            )
        self.api_latency_metric = cloudwatch.Metric(
            namespace="AWS/ApiGateway",
            metric_name="Latency",
            dimensions_map={"ApiId": self.stack.http_api.api_id, "Stage": "$default"},
            statistic="p95",
            period=five_minutes,
        )
        self.alarms.append(
            self._alarm(
                "ApiLatencyP95Alarm",
                alarm_description="API p95 latency above 500 ms",
                metric=self.api_latency_metric,
                threshold=500,
                evaluation_periods=3,
                datapoints_to_alarm=2,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            )
        )
        for name, queue in self.stack.dead_letter_queues.items():
            self.alarms.append(
                self._alarm(
                    f"{name}MessagesAlarm",
                    alarm_description=f"{name} holds messages: something failed for good",
                    metric=queue.metric_approximate_number_of_messages_visible(
                        period=Duration.minutes(1), statistic="Maximum"
                    ),
                    threshold=0,
                    evaluation_periods=1,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                )
            )
        self.alarms.append(
            self._alarm(
                "AggregationExecutionsFailedAlarm",
                alarm_description="The aggregation state machine failed, timed out or was aborted",
                metric=cloudwatch.MathExpression(
                    # Not `failed + timedout + aborted`: a period one operand lacks is dropped
                    # from `+`, and a run that only failed would never alarm. SUM takes those
                    # that have a value.
                    expression="SUM([failed, timedout, aborted])",
                    using_metrics={
                        "failed": self.stack.state_machine.metric_failed(
                            period=five_minutes, statistic="Sum"
                        ),
                        "timedout": self.stack.state_machine.metric_timed_out(
                            period=five_minutes, statistic="Sum"
                        ),
                        "aborted": self.stack.state_machine.metric_aborted(
                            period=five_minutes, statistic="Sum"
                        ),
                    },
                    period=five_minutes,
                ),
                threshold=1,
                evaluation_periods=1,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            )
        )
        self.alarms.append(self._scraper_task_failures_alarm())
        self.alarms.append(
            self._alarm(
                "SyncIteratorAgeAlarm",
                alarm_description="The sync mapping falls behind the table stream (> 60 s)",
                metric=self.stack.functions["sync"].function.metric(
                    "IteratorAge", period=Duration.minutes(1), statistic="Maximum"
                ),
                threshold=60_000,
                evaluation_periods=5,
                datapoints_to_alarm=3,
                comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            )
        )
        action = cloudwatch_actions.SnsAction(self.stack.alerts_topic)
        for alarm in self.alarms:
            alarm.add_alarm_action(action)

    def _scraper_task_failures_alarm(self) -> cloudwatch.Alarm:
        """ECS has no task-failure metric: stopped-task events -> a log group -> a metric filter."""
        group = logs.LogGroup(
            self.stack,
            "ScraperTaskEventsLogGroup",
            retention=log_retention(self.stack.settings.log_retention_days),
            removal_policy=self.stack.removal,
        )
        override_logical_id(group, "ScraperTaskEventsLogGroup")
        # A plain AWS::Logs::ResourcePolicy (CDK's log target would add a custom resource).
        logs.CfnResourcePolicy(
            self.stack,
            "ScraperTaskEventsLogPolicy",
            policy_name=f"{self.stack.stack_name}-scraper-task-events",
            policy_document=self._task_events_policy(group),
        )
        rule = events.CfnRule(
            self.stack,
            "ScraperTaskFailedRule",
            description="Scraper tasks that stopped with a non-zero exit code or failed to start",
            event_pattern={
                "source": ["aws.ecs"],
                "detail-type": ["ECS Task State Change"],
                "detail": {
                    "clusterArn": [self.stack.cluster.cluster_arn],
                    "lastStatus": ["STOPPED"],
                    "$or": [
                        {"stopCode": ["TaskFailedToStart"]},
                        {"containers": {"exitCode": [{"anything-but": 0}]}},
                    ],
                },
            },
            targets=[events.CfnRule.TargetProperty(id="TaskEventsLog", arn=group.log_group_arn)],
        )
        rule.override_logical_id("ScraperTaskFailedRule")
        metric_filter = logs.MetricFilter(
            self.stack,
            "ScraperTaskFailuresMetricFilter",
            log_group=group,
            filter_pattern=logs.FilterPattern.string_value("$.detail.lastStatus", "=", "STOPPED"),
            metric_namespace=METRICS_NAMESPACE,
            metric_name="ScraperTaskFailures",
            metric_value="1",
            default_value=0,
        )
        override_logical_id(metric_filter, "ScraperTaskFailuresMetricFilter")
        return self._alarm(
            "ScraperTaskFailuresAlarm",
            alarm_description="Scraper ECS tasks stopped abnormally",
            metric=metric_filter.metric(statistic="Sum", period=Duration.minutes(5)),
            threshold=1,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        )

    def _task_events_policy(self, group: logs.LogGroup) -> str:
        document = iam.PolicyDocument(
            statements=[
                iam.PolicyStatement(
                    principals=[
                        iam.ServicePrincipal("events.amazonaws.com"),
                        iam.ServicePrincipal("delivery.logs.amazonaws.com"),
                    ],
                    actions=["logs:CreateLogStream", "logs:PutLogEvents"],
                    resources=[group.log_group_arn],
                )
            ]
        )
        return self.stack.to_json_string(document.to_json())

    def _dashboard(self) -> None:
        dashboard = cloudwatch.Dashboard(
            self.stack, "OperationsDashboard", dashboard_name=f"{self.stack.stack_name}-operations"
        )
        override_logical_id(dashboard, "OperationsDashboard")
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="API latency p95 (ms)", left=[self.api_latency_metric], width=12
            ),
            cloudwatch.AlarmStatusWidget(title="Alarms", alarms=self.alarms, width=12),
        )
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Function errors",
                left=[
                    fn.function.metric_errors(statistic="Sum")
                    for fn in self.stack.functions.values()
                ],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Function duration p95",
                left=[
                    fn.function.metric_duration(statistic="p95")
                    for fn in self.stack.functions.values()
                ],
                width=12,
            ),
        )
        dashboard.add_widgets(
            cloudwatch.GraphWidget(
                title="Queues (visible messages)",
                left=[
                    self.stack.scrape_queue.metric_approximate_number_of_messages_visible(),
                    *(
                        q.metric_approximate_number_of_messages_visible()
                        for q in self.stack.dead_letter_queues.values()
                    ),
                ],
                width=12,
            ),
            cloudwatch.GraphWidget(
                title="Aggregation executions",
                left=[
                    self.stack.state_machine.metric_succeeded(statistic="Sum"),
                    self.stack.state_machine.metric_failed(statistic="Sum"),
                ],
                right=[
                    self.stack.functions["sync"].function.metric("IteratorAge", statistic="Maximum")
                ],
                width=12,
            ),
        )
