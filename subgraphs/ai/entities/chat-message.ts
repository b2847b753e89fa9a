import { Column, CreateDateColumn, Entity, Generated, PrimaryGeneratedColumn } from 'typeorm';

export type ChatMessageRole = 'USER' | 'ASSISTANT';

/** One message of a conversation: what an operator wrote, or the assistant's reply. */
@Entity({ name: 'chat_messages' })
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'conversation_id', type: 'uuid' }) conversationId!: string;
  @Column({ name: 'tenant_id', type: 'text' }) tenantId!: string;
  /**
   * The order of the messages (bigserial, so a string here). Messages of one conversation are written under a
   * lock on its row (chat/store.ts), so within a conversation a larger seq was also committed later: a reader
   * who saw seq n has already seen everything below it.
   */
  @Column({ type: 'bigint' }) @Generated('increment') seq!: string;
  @Column({ type: 'text' }) role!: ChatMessageRole;
  @Column({ type: 'text' }) text!: string;
  /** The model that wrote an assistant reply; null for the user's messages. */
  @Column({ type: 'text', nullable: true }) model!: string | null;
  /** What an assistant reply used: `order:<id>`, `knowledge:<id>` (agent/tools.ts); empty for the user's messages. */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) citations!: string[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
