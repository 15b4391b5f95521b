import { describe, it } from 'vitest';
import { RuleTester } from '@migralint/core';

RuleTester.describe = describe;
RuleTester.it = it;
