/**
 * A badge class of the micro-credential program (an Open Badges 3.0 Achievement), one YAML file in
 * content/achievements/ named after its slug. Credentials issued later point at this definition.
 */
import { z } from 'astro/zod';
import { image, numberField, requiredText, slug, webUrl } from './shared.ts';

/** Open Badges 3.0 achievementType values this program uses (a subset of the OB 3.0 vocabulary). */
export const ACHIEVEMENT_TYPES = [
  'MicroCredential',
  'Badge',
  'Certificate',
  'Competency',
  'CoCurricular',
  'Course',
] as const;

/**
 * Open Badges 3.0 AlignmentTargetType values (OB 3.0 §B.1.29). Each names a kind of published
 * framework record: `ceasn:Competency` and `CTDL` are Credential Engine (CTDL) records, `CF…` are
 * CASE framework items and rubrics. A framework published another way (a government web page, a
 * PDF, ESCO's URIs) has no type here, and its alignment leaves the type out rather than claim one.
 */
export const ALIGNMENT_TARGET_TYPES = [
  'ceasn:Competency',
  'ceterms:Credential',
  'CFItem',
  'CFRubric',
  'CFRubricCriterion',
  'CFRubricCriterionLevel',
  'CTDL',
] as const;

/**
 * The same competency in a published framework (Skills for Success, ESCO, EntreComp, O*NET…), as that
 * framework itself names it: issued as an Open Badges 3.0 Alignment beside the program's own
 * competency. Only an alignment looked up in the framework's own publication belongs here, with
 * `source` saying where and when: a guessed address or code would be signed into every credential.
 */
export const frameworkAlignmentSchema = z.strictObject({
  /** The framework's name, e.g. "Skills for Success (Government of Canada)". OB targetFramework. */
  targetFramework: requiredText('the framework’s name, for example Skills for Success'),
  /** The framework's own name for the competency, exactly as it writes it, e.g. "Creativity and innovation". OB targetName. */
  targetName: requiredText('the framework’s own name for the competency'),
  /** The framework's page or record for this competency (not a page about the framework in general). OB targetUrl. */
  targetUrl: webUrl,
  /** The framework's code for it, where the framework has codes, e.g. "1.2" in EntreComp. OB targetCode. */
  targetCode: z.string().trim().min(1).optional(),
  /** The framework's own short description of the competency. OB targetDescription. */
  targetDescription: z.string().trim().min(1).optional(),
  /** Only when the record is a Credential Engine or CASE item (see ALIGNMENT_TARGET_TYPES); leave out otherwise. OB targetType. */
  targetType: z.enum(ALIGNMENT_TARGET_TYPES, { error: `Expected one of: ${ALIGNMENT_TARGET_TYPES.join(', ')}; leave it out for any other framework.` }).optional(),
  /**
   * Where and when the alignment was looked up, for whoever checks it later, e.g. "Looked up
   * 2026-12-06 in https://…, section Creativity and innovation". Kept in the content, not issued.
   */
  source: requiredText('where and when it was looked up, for example: Looked up 2026-12-06 in https://…, section …'),
});

export const competencySchema = z.strictObject({
  /** The competency, e.g. "Problem framing". */
  name: requiredText('the competency name'),
  /** One sentence describing it. */
  description: z.string().trim().min(1).optional(),
  /** The framework it comes from, e.g. "DDQIC Innovation Skills". */
  framework: z.string().trim().min(1).optional(),
  /** A page describing the competency in that framework. */
  url: webUrl.optional(),
  /** The same competency in published frameworks, each looked up in the framework itself (see frameworkAlignmentSchema). */
  alignments: z.array(frameworkAlignmentSchema).optional(),
});

/**
 * How the micro-credential is assessed, in plain words for students and employers (what is graded,
 * where, by whom). What counts as completion is not repeated here: it comes from the completion rule.
 */
export const assessmentSchema = z.strictObject({
  /** E.g. "The training's quizzes and assignments in onQ are graded by DDQIC staff; together they make the grade item …". */
  method: requiredText('how the micro-credential is assessed, in plain words'),
  /**
   * True while `method` is what is known so far rather than confirmed by the program: pages say so,
   * and a production build refuses it.
   */
  placeholder: z.boolean().default(false),
});

/**
 * What completing the micro-credential means in the LMS export staff import from (onQ is D2L
 * Brightspace). `npm run awards:import` applies it to every learner of the export; its flags only
 * override it. Either a minimum percentage of the grade item (points over the item's MaxPoints, a
 * numerator over its denominator, or a percentage symbol such as "85 %"), or the grade scheme
 * symbols that count as a pass (a Pass/Fail item). Never both: one rule, read one way.
 */
export const completionSchema = z
  .strictObject({
    /**
     * The grade item as onQ names it, without what the export adds: "Innovation Skills Training" for the
     * column "Innovation Skills Training Points Grade <Numeric MaxPoints:100 …>", or "Calculated Final Grade".
     */
    gradeItem: requiredText('the grade item, as onQ names it (for example Innovation Skills Training)'),
    /** The pass mark as a percentage of the item's maximum, e.g. 70: a learner at 70 % or more completed. */
    minimumPercent: numberField('the pass mark in per cent', '70')
      .min(0, 'The pass mark is a percentage from 0 to 100, for example 70.')
      .max(100, 'The pass mark is a percentage from 0 to 100, for example 70.')
      .optional(),
    /** Grade scheme symbols that mean completed, e.g. [Pass] for a Pass/Fail item. Compared ignoring case. */
    passSymbols: z.array(requiredText('a grade symbol that means completed, for example Pass')).min(1, 'List at least one symbol, for example Pass.').optional(),
  })
  .superRefine((rule, ctx) => {
    if ((rule.minimumPercent === undefined) === (rule.passSymbols === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['minimumPercent'],
        message: 'Give either minimumPercent (a pass mark such as 70) or passSymbols (such as Pass), not both and not neither: the import applies exactly one rule.',
      });
    }
  });

export const achievementSchema = z
  .strictObject({
    /** The URL name, equal to the file name: innovation-skills.yaml has slug: innovation-skills. */
    slug,
    /** The badge's name, as on the credential. */
    name: requiredText('the badge name'),
    /** What the badge recognises, in one or two sentences. */
    description: requiredText('a description of what the badge recognises'),
    /** How it is earned, in plain language; becomes criteria.narrative on the credentials. */
    criteria: requiredText('the criteria narrative (how the badge is earned)'),
    /** Hours of learning; shown on the page and issued as creditsAvailable-style metadata. */
    hours: numberField('the hours of learning', '20').positive('Hours of learning must be more than 0, for example 20.'),
    /** The competencies the badge certifies. */
    competencies: z.array(competencySchema).min(1, 'List at least one competency the badge certifies.'),
    /** The badge artwork: a square PNG or SVG under /badges/ or /uploads/, with alt text. Baked into every credential, so it must be a file of this site. */
    image: image.extend({
      src: z
        .string()
        .trim()
        .regex(/^\/(?!.*\.\.)[^\s]+\.(png|svg)$/i, 'The badge artwork must be a PNG or SVG file of this site, e.g. /badges/innovation-skills.svg (it is baked into every credential).'),
    }),
    /** Open Badges 3.0 achievementType. */
    achievementType: z
      .enum(ACHIEVEMENT_TYPES, { error: `Expected one of: ${ACHIEVEMENT_TYPES.join(', ')}.` })
      .default('MicroCredential'),
    /** Academic credit hours granted, only where an institution grants credit for it (OB creditsAvailable). */
    creditsAvailable: numberField('the credit hours', '0.5').positive('Credit hours must be more than 0; leave the field out if no credit is granted.').optional(),
    /** How long a credential stays valid after it is awarded, in months; leave out if it never expires. */
    validityMonths: numberField('the validity in months', '36')
      .int('Expected a whole number of months, for example 36.')
      .positive('Expected a number of months above 0; leave the field out if the badge never expires.')
      .optional(),
    /** Who can take part, e.g. "Kingston post-secondary students working on a Challenge proposal". */
    audience: z.string().trim().min(1).optional(),
    /** Where the learning happens, e.g. "Online, in Queen's University's onQ". */
    delivery: z.string().trim().min(1).optional(),
    /**
     * How completion shows in the LMS export awards are imported from (see completionSchema). Without it
     * the import stops rather than guess who passed.
     */
    completion: completionSchema.optional(),
    /** How it is assessed (see assessmentSchema); stated on its page and in every credential's criteria. */
    assessment: assessmentSchema.optional(),
    /** False retires the badge: its page stays, and no new credentials are issued. */
    active: z.boolean().default(true),
  });

export type Competency = z.output<typeof competencySchema>;
export type FrameworkAlignment = z.output<typeof frameworkAlignmentSchema>;
export type Assessment = z.output<typeof assessmentSchema>;
export type CompletionRule = z.output<typeof completionSchema>;
export type Achievement = z.output<typeof achievementSchema>;
