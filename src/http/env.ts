import type { Lang } from '../errors/index.ts';
import type { Principal } from './auth.ts';
import type { OperatorPrincipal } from './operator-auth.ts';

export interface AppEnv {
  Variables: {
    requestId: string;
    lang: Lang;
    principal: Principal;
    operator: OperatorPrincipal;
  };
}
