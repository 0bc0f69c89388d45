/**
 * The daily checkpoint mail on SNS: the newest signed checkpoint note, verbatim, to the
 * auditors' topic (e-mail subscriptions). Each mailbox keeps a copy the trail's operators
 * cannot change: the auditors become witnesses of the log's size and root.
 */
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { readCheckpointClaim } from '../../core/integrity/checkpoint';

/** Sends one checkpoint note; `verified` says whether the run that read it found the log sound. */
export type CheckpointMail = (note: string, verified: boolean) => Promise<void>;

/** Publishes checkpoint notes to one SNS topic. */
export function createSnsCheckpointMail(client: Pick<SNSClient, 'send'>, topicArn: string): CheckpointMail {
  return async (note, verified) => {
    const size = readCheckpointClaim(note)?.treeSize;
    const outcome = verified ? 'verified' : 'VERIFICATION FAILED';
    await client.send(
      new PublishCommand({
        TopicArn: topicArn,
        // One line under 100 characters, as SNS requires of a subject.
        Subject: `DMIS audit trail checkpoint${size === undefined ? '' : `, tree size ${size}`} (${outcome})`,
        // The note itself: an auditor can check it later with `dmis-audit checkpoint verify`.
        Message: note,
      }),
    );
  };
}
