// The validation corpus: per record type, valid examples and one invalid example per rule, each
// with the exact [path, code] list it must produce (corpus.test.ts). Penalty and licence keep theirs
// in validate.test.ts.
import type { TypeCorpus } from './fixtures.ts';
import { safetyCommitment } from './safety-commitment.ts';
import { punishmentListEntry } from './punishment-list-entry.ts';
import { incentiveListEntry } from './incentive-list-entry.ts';
import { creditGrade } from './credit-grade.ts';
import { accidentCorpus } from './accident.ts';
import { commendationCorpus } from './commendation.ts';
import { wageArrears } from './wage-arrears.ts';
import { annualCreditReport } from './annual-credit-report.ts';
import { objectionCorpus } from './objection.ts';
import { repairRequest } from './repair-request.ts';

export const CORPUS: readonly TypeCorpus[] = [
  safetyCommitment, punishmentListEntry, incentiveListEntry, creditGrade, accidentCorpus, commendationCorpus, wageArrears,
  annualCreditReport, objectionCorpus, repairRequest,
];

export * from './fixtures.ts';
