/**
 * The shapes deploy reads and the calls it makes, taken from `@cloudbase/manager-node`'s own typings
 * (types/database, types/function). Nothing here is hand-copied except the two `tcb` security-rule
 * actions, which the SDK reaches only through the untyped `commonService().call()`.
 */
import type CloudBase from '@cloudbase/manager-node';
import type { CreateIndex, DropIndex } from '@cloudbase/manager-node/types/interfaces';

export type Manager = CloudBase;
type Db = Manager['database'];
type Fns = Manager['functions'];

/** `database.listCollections()`: `{ Collections: TableInfo[], Pager, RequestId }` (TableName is renamed CollectionName). */
export type CollectionList = Awaited<ReturnType<Db['listCollections']>>;
/** `database.describeCollection(name)`: `{ Indexes: IndexInfo[], IndexNum, RequestId }`. */
export type CollectionDetail = Awaited<ReturnType<Db['describeCollection']>>;
export type IndexInfo = NonNullable<CollectionDetail['Indexes']>[number];
/** `functions.getFunctionList(limit, offset)`: tcb ListFunctions. */
export type FunctionList = Awaited<ReturnType<Fns['getFunctionList']>>;
/** `functions.getFunctionDetail(name)`: scf GetFunction. */
export type FunctionDetail = Awaited<ReturnType<Fns['getFunctionDetail']>>;
export type FunctionTrigger = FunctionDetail['Triggers'][number];
export type CloudFunction = Parameters<Fns['updateFunctionConfig']>[0];
export type { CreateIndex, DropIndex };

/**
 * tcb 2018-06-08 `DescribeSafeRule` (request `{EnvId, CollectionName, WxAppId?}`, WxAppId required for
 * environments of a mini-program) and `ModifySafeRule` (`{EnvId, CollectionName, AclTag, Rule?}`), as
 * Tencent Cloud's API reference documents them. manager-node 5.6.5 has no typed wrapper for these two.
 */
export interface DescribeSafeRuleRequest { EnvId: string; CollectionName: string; WxAppId?: string }
export interface DescribeSafeRuleResponse { AclTag?: string; Rule?: string | null; RequestId?: string }
export interface ModifySafeRuleRequest { EnvId: string; CollectionName: string; AclTag: 'CUSTOM'; Rule: string }
export const TCB_SERVICE = ['tcb', '2018-06-08'] as const;
/** scf UpdateFunctionConfiguration, used directly only to clear every variable (the SDK skips an empty map). */
export const SCF_SERVICE = ['scf', '2018-04-16'] as const;

/**
 * The part of a manager-node `CloudBase` instance deploy uses. A real instance satisfies it as is; the
 * tests pass an in-memory environment with the same method signatures.
 */
export interface DeployApi {
  database: Pick<Db, 'listCollections' | 'describeCollection' | 'createCollectionIfNotExists' | 'updateCollection'>;
  functions: Pick<Fns, 'getFunctionList' | 'getFunctionDetail' | 'createFunction' | 'updateFunctionCode' | 'updateFunctionConfig' | 'createFunctionTriggers' | 'deleteFunctionTrigger'>;
  commonService(service?: string, version?: string): Pick<ReturnType<Manager['commonService']>, 'call'>;
}

/**
 * What deploy knows about an environment, in the SDK's own response shapes: the collection list, each
 * declared collection's DescribeTable and DescribeSafeRule answers, the function list and each declared
 * function's GetFunction answer. Environment variable values may be redacted (`sha256:<hex>`) in a saved listing.
 */
export interface EnvListing {
  envId: string;
  collectionList: CollectionList;
  collectionDetails: Record<string, CollectionDetail>;
  safeRules: Record<string, DescribeSafeRuleResponse>;
  functionList: FunctionList;
  functionDetails: Record<string, FunctionDetail>;
}

/** A listing of an environment with nothing in it (what `--dry-run` assumes without `--from`). */
export function emptyListing(envId: string): EnvListing {
  return {
    envId,
    collectionList: { Collections: [], Pager: { Offset: 0, Limit: 100, Total: 0 }, RequestId: '' },
    collectionDetails: {},
    safeRules: {},
    functionList: { Functions: [], RequestId: '', TotalCount: 0 },
    functionDetails: {},
  };
}
