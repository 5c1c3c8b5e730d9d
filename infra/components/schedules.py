"""What starts work on its own: the daily aggregation, the weekly egress rotation, the hourly
reconcile, and the egress rotation when the scraper's blocked-requests alarm fires. Every rule
target retries a few times and hands what it could not deliver to one dead-letter queue.

Created in the stack's scope, so logical ids stay `DailyAggregationSchedule`, ...
"""

from __future__ import annotations

from aws_cdk import Duration, Stack
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_events as events
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sqs as sqs
from aws_cdk import aws_stepfunctions as sfn

from infra.components.functions import override_logical_id
from infra.components.monitoring import METRICS_NAMESPACE
from infra.settings import Settings

# The scraper publishes this metric (namespace TattooDirectory, dimension service=scraper) for
# every request a site answered with a block (403/429/captcha); its alarm triggers a rotation.
BLOCKED_REQUESTS_METRIC = "BlockedRequests"


class Schedules:
    """The rules, and the blocked-requests alarm one of them listens to."""

    def __init__(
        self,
        scope: Stack,
        *,
        settings: Settings,
        aggregation: sfn.IStateMachine,
        rotate_egress_ip: lambda_.IFunction,
        reconcile: lambda_.IFunction,
        dead_letter_queue: sqs.IQueue,
    ) -> None:
        daily = events.Rule(
            scope,
            "DailyAggregationSchedule",
            description="Runs the aggregation every day at 02:00 UTC",
            schedule=events.Schedule.cron(minute="0", hour="2"),
        )
        daily.add_target(
            targets.SfnStateMachine(
                aggregation,
                input=events.RuleTargetInput.from_object(
                    {"cities": settings.aggregation_cities, "queries": settings.aggregation_queries}
                ),
                dead_letter_queue=dead_letter_queue,
                retry_attempts=3,
                max_event_age=Duration.hours(2),
            )
        )
        override_logical_id(daily, "DailyAggregationSchedule")
        weekly = events.Rule(
            scope,
            "WeeklyEgressRotationSchedule",
            description="Rotates the NAT egress IP every Sunday at 03:00 UTC",
            schedule=events.Schedule.cron(minute="0", hour="3", week_day="SUN"),
        )
        # Rotation input: {"trigger": "schedule" | "blocked-requests-alarm", "alarmName"?}.
        weekly.add_target(
            targets.LambdaFunction(
                rotate_egress_ip,
                event=events.RuleTargetInput.from_object({"trigger": "schedule"}),
                dead_letter_queue=dead_letter_queue,
                retry_attempts=2,
                max_event_age=Duration.hours(1),
            )
        )
        override_logical_id(weekly, "WeeklyEgressRotationSchedule")
        hourly = events.Rule(
            scope,
            "HourlyReconcileSchedule",
            description="Compares the artist index with the table every hour and re-drives "
            "every difference (e.g. an artist re-created below its delete's version)",
            schedule=events.Schedule.rate(Duration.hours(1)),
        )
        hourly.add_target(
            targets.LambdaFunction(
                reconcile,
                event=events.RuleTargetInput.from_object({"trigger": "schedule"}),
                dead_letter_queue=dead_letter_queue,
                retry_attempts=2,
                max_event_age=Duration.hours(1),  # the next hour's run supersedes it
            )
        )
        override_logical_id(hourly, "HourlyReconcileSchedule")
        self.blocked_requests_alarm = cloudwatch.Alarm(
            scope,
            "ScraperBlockedRequestsAlarm",
            alarm_description="Sites are blocking the scraper's egress IP: rotate it",
            metric=cloudwatch.Metric(
                namespace=METRICS_NAMESPACE,
                metric_name=BLOCKED_REQUESTS_METRIC,
                dimensions_map={"service": "scraper"},
                statistic="Sum",
                period=Duration.minutes(5),
            ),
            threshold=settings.scraper_blocked_requests_threshold,
            evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )
        override_logical_id(self.blocked_requests_alarm, "ScraperBlockedRequestsAlarm")
        on_blocked = events.Rule(
            scope,
            "BlockedRequestsRotationRule",
            description="Rotates the egress IP when the blocked-request alarm fires",
            event_pattern=events.EventPattern(
                source=["aws.cloudwatch"],
                detail_type=["CloudWatch Alarm State Change"],
                resources=[self.blocked_requests_alarm.alarm_arn],
                detail={"state": {"value": ["ALARM"]}},
            ),
        )
        on_blocked.add_target(
            targets.LambdaFunction(
                rotate_egress_ip,
                event=events.RuleTargetInput.from_object(
                    {
                        "trigger": "blocked-requests-alarm",
                        "alarmName": events.EventField.from_path("$.detail.alarmName"),
                    }
                ),
                dead_letter_queue=dead_letter_queue,
                retry_attempts=2,
                max_event_age=Duration.hours(1),
            )
        )
        override_logical_id(on_blocked, "BlockedRequestsRotationRule")
