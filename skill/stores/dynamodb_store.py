"""Households in DynamoDB for the Lambda deployment, in the table layout of ask-sdk's DynamoDB adapter.

The table is the one ``ask-sdk-dynamodb-persistence-adapter`` creates and reads (partition key ``id``, the
document in the map attribute ``attributes``), and the adapter creates it when asked, so a table made for
either one serves both. The adapter itself has no versions: its save is an unconditional ``put_item``, so
two Lambda containers answering the same household at once would silently lose one write. Heartline's
writes therefore go through a conditional ``put_item`` on a ``version`` attribute beside the document
(missing counts as 0, so items the stock adapter wrote are taken over cleanly), which gives the same
optimistic concurrency as the other stores.

boto3 makes a new HTTPS request per call, so there is nothing to reconnect; client timeouts and a single
retry keep an unreachable DynamoDB from outliving Alexa's 8 s deadline.
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from skill.config import Settings
from skill.errors import ConfigError, ConflictError, StoreError

log = logging.getLogger(__name__)

PARTITION_KEY = "id"
ATTRIBUTES = "attributes"
"""The ask-sdk adapter's default names, kept so its tables and ours are interchangeable."""
VERSION = "version"
CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=3, retries={"max_attempts": 2, "mode": "standard"})


def _from_dynamo(value: Any) -> Any:
    """boto3 hands numbers back as Decimal; the household document holds ints (and checks for them)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: _from_dynamo(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_dynamo(v) for v in value]
    return value


def _to_dynamo(value: Any) -> Any:
    """boto3 refuses floats; any float in a document is written as the Decimal of its shortest repr."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, dict):
        return {str(k): _to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_dynamo(v) for v in value]
    return value


class DynamoDbStore:
    """The Store protocol over one DynamoDB table."""

    def __init__(self, table_name: str, resource: Any, create_table: bool = False) -> None:
        self.table_name = table_name
        self.resource = resource
        if create_table:
            self._create_table()
        self.table = resource.Table(table_name)

    @classmethod
    def from_settings(cls, settings: Settings) -> DynamoDbStore:
        """The store for ``HEARTLINE_DYNAMODB_TABLE`` (and the optional endpoint and region beside it)."""
        kwargs: dict[str, Any] = {"config": CLIENT_CONFIG}
        if settings.dynamodb_endpoint:
            kwargs["endpoint_url"] = settings.dynamodb_endpoint
        if settings.dynamodb_region:
            kwargs["region_name"] = settings.dynamodb_region
        try:
            resource = boto3.resource("dynamodb", **kwargs)
        except BotoCoreError as exc:
            raise ConfigError(
                f"cannot set up DynamoDB for table {settings.dynamodb_table!r} ({exc}); "
                "set HEARTLINE_DYNAMODB_REGION or AWS_REGION"
            ) from exc
        return cls(settings.dynamodb_table, resource, create_table=settings.dynamodb_create_table)

    def _create_table(self) -> None:
        """Let the ask-sdk adapter create the table, so its layout is exactly the adapter's."""
        try:
            from ask_sdk_core.exceptions import PersistenceException
            from ask_sdk_dynamodb.adapter import DynamoDbAdapter
        except BotoCoreError as exc:  # the adapter builds a default boto3 resource at import time
            raise ConfigError(f"cannot load ask-sdk's DynamoDB adapter: {exc}; set AWS_REGION") from exc
        try:
            DynamoDbAdapter(
                self.table_name,
                partition_key_name=PARTITION_KEY,
                attribute_name=ATTRIBUTES,
                create_table=True,
                dynamodb_resource=self.resource,
            )
            self.resource.meta.client.get_waiter("table_exists").wait(
                TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 30}
            )
        except (PersistenceException, BotoCoreError, ClientError) as exc:
            raise StoreError(f"cannot create the DynamoDB table {self.table_name!r}: {exc}") from exc

    # -- the Store protocol --------------------------------------------------------------------------------

    def load(self, household: str) -> tuple[dict[str, Any], int] | None:
        try:
            item = self.table.get_item(Key={PARTITION_KEY: household}, ConsistentRead=True).get("Item")
        except (BotoCoreError, ClientError) as exc:
            raise StoreError(f"cannot read from DynamoDB table {self.table_name!r}: {exc}") from exc
        if item is None:
            return None
        data = _from_dynamo(item.get(ATTRIBUTES))
        version = _from_dynamo(item.get(VERSION, 0))
        return (data if isinstance(data, dict) else {}), (version if isinstance(version, int) else 0)

    def save(self, household: str, data: dict[str, Any], expected_version: int | None = None) -> int:
        if expected_version is None:
            found = self.load(household)
            expected_version = found[1] if found else 0
        if expected_version == 0:
            condition = "attribute_not_exists(#v)"
            values: dict[str, Any] = {}
        else:
            condition = "#v = :expected"
            values = {":expected": expected_version}
        new_version = expected_version + 1
        item = {PARTITION_KEY: household, ATTRIBUTES: _to_dynamo(data), VERSION: new_version}
        try:
            self.table.put_item(
                Item=item,
                ConditionExpression=condition,
                ExpressionAttributeNames={"#v": VERSION},
                **({"ExpressionAttributeValues": values} if values else {}),
            )
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                raise ConflictError(
                    f"household changed since it was loaded (expected version {expected_version})"
                ) from exc
            raise StoreError(f"cannot write to DynamoDB table {self.table_name!r}: {exc}") from exc
        except BotoCoreError as exc:
            raise StoreError(f"cannot write to DynamoDB table {self.table_name!r}: {exc}") from exc
        return new_version

    def delete(self, household: str) -> bool:
        try:
            answer = self.table.delete_item(Key={PARTITION_KEY: household}, ReturnValues="ALL_OLD")
        except (BotoCoreError, ClientError) as exc:
            raise StoreError(f"cannot delete from DynamoDB table {self.table_name!r}: {exc}") from exc
        return bool(answer.get("Attributes"))

    def ping(self) -> bool:
        try:
            self.resource.meta.client.describe_table(TableName=self.table_name)
        except (BotoCoreError, ClientError):
            return False
        return True

    def close(self) -> None:
        """Nothing to release: boto3 opens connections per call from its own pool."""
