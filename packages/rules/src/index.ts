import type { Rule } from '@migralint/core';
import addingFieldWithDefault from './rules/adding-field-with-default.js';
import addingForeignKeyConstraint from './rules/adding-foreign-key-constraint.js';
import addingRequiredField from './rules/adding-required-field.js';
import banConcurrentIndexCreationInTransaction from './rules/ban-concurrent-index-creation-in-transaction.js';
import banDropColumn from './rules/ban-drop-column.js';
import banDropTable from './rules/ban-drop-table.js';
import changingColumnType from './rules/changing-column-type.js';
import constraintMissingNotValid from './rules/constraint-missing-not-valid.js';
import renamingColumn from './rules/renaming-column.js';
import renamingTable from './rules/renaming-table.js';
import requireConcurrentIndexCreation from './rules/require-concurrent-index-creation.js';
import requireConcurrentIndexDeletion from './rules/require-concurrent-index-deletion.js';
import banUncommittedTransaction from './rules/ban-uncommitted-transaction.js';
import mixedExpandContract from './rules/mixed-expand-contract.js';
import multipleAlterTable from './rules/multiple-alter-table.js';
import preferRobustStmts from './rules/prefer-robust-stmts.js';
import requireLockTimeout from './rules/require-lock-timeout.js';
import requireStatementTimeout from './rules/require-statement-timeout.js';
import statementAfterAccessExclusive from './rules/statement-after-access-exclusive.js';
import transactionNesting from './rules/transaction-nesting.js';
import unbatchedBackfill from './rules/unbatched-backfill.js';
import validateConstraintInSameTransaction from './rules/validate-constraint-in-same-transaction.js';
// DDL rules (issue 4).
import addingNotNullableField from './rules/adding-not-nullable-field.js';
import addingPrimaryKeyConstraint from './rules/adding-primary-key-constraint.js';
import addingSerialColumn from './rules/adding-serial-column.js';
import addingStoredGeneratedColumn from './rules/adding-stored-generated-column.js';
import attachPartitionWithoutCheck from './rules/attach-partition-without-check.js';
import banDropDatabase from './rules/ban-drop-database.js';
import banDropNotNull from './rules/ban-drop-not-null.js';
import banTruncateCascade from './rules/ban-truncate-cascade.js';
import banVacuumFullAndCluster from './rules/ban-vacuum-full-and-cluster.js';
import disallowedUniqueConstraint from './rules/disallowed-unique-constraint.js';
import exclusionConstraint from './rules/exclusion-constraint.js';
import fkMissingIndex from './rules/fk-missing-index.js';
import primaryKeyUsingIndexOnNullableColumn from './rules/primary-key-using-index-on-nullable-column.js';
import requireConcurrentPartitionDetach from './rules/require-concurrent-partition-detach.js';
import requireConcurrentRefresh from './rules/require-concurrent-refresh.js';
import requireConcurrentReindex from './rules/require-concurrent-reindex.js';
import setLoggedUnlogged from './rules/set-logged-unlogged.js';
// Style rules (migralint:all only).
import banAlterDomainWithAddConstraint from './rules/ban-alter-domain-with-add-constraint.js';
import banCharField from './rules/ban-char-field.js';
import banCreateDomainWithConstraint from './rules/ban-create-domain-with-constraint.js';
import identifierTooLong from './rules/identifier-too-long.js';
import preferBigintOverInt from './rules/prefer-bigint-over-int.js';
import preferBigintOverSmallint from './rules/prefer-bigint-over-smallint.js';
import preferIdentity from './rules/prefer-identity.js';
import preferJsonb from './rules/prefer-jsonb.js';
import preferTextField from './rules/prefer-text-field.js';
import preferTimestamptz from './rules/prefer-timestamptz.js';
import requireEnumValueOrdering from './rules/require-enum-value-ordering.js';

export {
  addingNotNullableField,
  addingPrimaryKeyConstraint,
  addingSerialColumn,
  addingStoredGeneratedColumn,
  attachPartitionWithoutCheck,
  banDropDatabase,
  banDropNotNull,
  banTruncateCascade,
  banVacuumFullAndCluster,
  disallowedUniqueConstraint,
  exclusionConstraint,
  fkMissingIndex,
  primaryKeyUsingIndexOnNullableColumn,
  requireConcurrentPartitionDetach,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  setLoggedUnlogged,
  addingFieldWithDefault,
  addingForeignKeyConstraint,
  addingRequiredField,
  banConcurrentIndexCreationInTransaction,
  banDropColumn,
  banDropTable,
  changingColumnType,
  constraintMissingNotValid,
  renamingColumn,
  renamingTable,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  banUncommittedTransaction,
  mixedExpandContract,
  multipleAlterTable,
  preferRobustStmts,
  requireLockTimeout,
  requireStatementTimeout,
  statementAfterAccessExclusive,
  transactionNesting,
  unbatchedBackfill,
  validateConstraintInSameTransaction,
  banAlterDomainWithAddConstraint,
  banCharField,
  banCreateDomainWithConstraint,
  identifierTooLong,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferJsonb,
  preferTextField,
  preferTimestamptz,
  requireEnumValueOrdering,
};

/** Every built-in rule, sorted by id. */
export const rules: Rule[] = [
  addingNotNullableField,
  addingPrimaryKeyConstraint,
  addingSerialColumn,
  addingStoredGeneratedColumn,
  attachPartitionWithoutCheck,
  banDropDatabase,
  banDropNotNull,
  banTruncateCascade,
  banVacuumFullAndCluster,
  disallowedUniqueConstraint,
  exclusionConstraint,
  fkMissingIndex,
  primaryKeyUsingIndexOnNullableColumn,
  requireConcurrentPartitionDetach,
  requireConcurrentRefresh,
  requireConcurrentReindex,
  setLoggedUnlogged,
  addingFieldWithDefault,
  addingForeignKeyConstraint,
  addingRequiredField,
  banConcurrentIndexCreationInTransaction,
  banDropColumn,
  banDropTable,
  changingColumnType,
  constraintMissingNotValid,
  renamingColumn,
  renamingTable,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  banUncommittedTransaction,
  mixedExpandContract,
  multipleAlterTable,
  preferRobustStmts,
  requireLockTimeout,
  requireStatementTimeout,
  statementAfterAccessExclusive,
  transactionNesting,
  unbatchedBackfill,
  validateConstraintInSameTransaction,
  banAlterDomainWithAddConstraint,
  banCharField,
  banCreateDomainWithConstraint,
  identifierTooLong,
  preferBigintOverInt,
  preferBigintOverSmallint,
  preferIdentity,
  preferJsonb,
  preferTextField,
  preferTimestamptz,
  requireEnumValueOrdering,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
