import { Arg, Authorized, Ctx, Field, Float, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { DateTime } from '../../../platform/graphql/scalars';
import type { AiContext } from '../context';
import type { KnowledgeDocumentRow } from '../knowledge/knowledge-base';

@ObjectType({ description: "A document of the tenant's knowledge base (policies, FAQ answers), searched by knowledgeSearch." })
export class KnowledgeDocument {
  @Field(() => ID) id!: string;
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
  @Field(() => DateTime) createdAt!: Date;
  @Field(() => DateTime) updatedAt!: Date;
}

@ObjectType({ description: 'One document found by knowledgeSearch, with the passage that matched best.' })
export class KnowledgeSearchResult {
  @Field(() => Float, { description: 'Fused rank score in (0, 1]: 1 is first place in both the vector and the lexical ranking.' }) score!: number;
  @Field(() => KnowledgeDocument) document!: KnowledgeDocument;
  @Field(() => String, { description: 'The best-matching passage of the document (up to 200 characters).' }) snippet!: string;
}

@InputType()
export class KnowledgeDocumentInput {
  @Field(() => String) title!: string;
  @Field(() => String) body!: string;
}

@InputType({ description: 'Fields left out keep their value.' })
export class KnowledgeDocumentUpdateInput {
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
}

const view = (row: KnowledgeDocumentRow): KnowledgeDocument => ({ ...row });

@Resolver()
export class KnowledgeResolver {
  @Authorized('viewer')
  @Query(() => [KnowledgeSearchResult], {
    description: "The tenant's documents that best answer `query` (hybrid: meaning by embeddings, words by trigram similarity), best first.",
  })
  async knowledgeSearch(
    @Ctx() ctx: AiContext,
    @Arg('query', () => String) query: string,
    @Arg('first', () => Int, { defaultValue: 5 }) first: number,
  ): Promise<KnowledgeSearchResult[]> {
    const hits = await ctx.knowledge.search(ctx.identity.tenant, query, first);
    return hits.map((hit) => ({ ...hit, document: view(hit.document) }));
  }

  @Authorized('viewer')
  @Query(() => KnowledgeDocument, { nullable: true, description: "One of the tenant's knowledge documents; null when it has none by that id." })
  async knowledgeDocument(@Ctx() ctx: AiContext, @Arg('id', () => ID) id: string): Promise<KnowledgeDocument | null> {
    const row = await ctx.knowledge.document(ctx.identity.tenant, id);
    return row ? view(row) : null;
  }

  @Authorized('operator')
  @Mutation(() => KnowledgeDocument, { description: 'Adds a document to the knowledge base: chunked and embedded before it is stored.' })
  async addKnowledgeDocument(@Ctx() ctx: AiContext, @Arg('input', () => KnowledgeDocumentInput) input: KnowledgeDocumentInput): Promise<KnowledgeDocument> {
    return view(await ctx.knowledge.add(ctx.identity.tenant, ctx.identity.sub, input));
  }

  @Authorized('operator')
  @Mutation(() => KnowledgeDocument, { description: 'Changes a document; only the passages whose text changed are embedded again.' })
  async updateKnowledgeDocument(
    @Ctx() ctx: AiContext,
    @Arg('id', () => ID) id: string,
    @Arg('input', () => KnowledgeDocumentUpdateInput) input: KnowledgeDocumentUpdateInput,
  ): Promise<KnowledgeDocument> {
    return view(await ctx.knowledge.update(ctx.identity.tenant, id, input));
  }

  @Authorized('operator')
  @Mutation(() => ID, { description: 'Deletes a document and its passages; answers its id.' })
  async deleteKnowledgeDocument(@Ctx() ctx: AiContext, @Arg('id', () => ID) id: string): Promise<string> {
    await ctx.knowledge.delete(ctx.identity.tenant, id);
    return id;
  }
}
