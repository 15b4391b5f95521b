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

export {
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
};

/** Every built-in rule, sorted by id. */
export const rules: Rule[] = [
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
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));
