/**
 * Lets `Component({ behaviors: [storeBindingsBehavior], storeBindings })` type-check: the option is read
 * by mobx-miniprogram-bindings' behavior, which miniprogram-api-typings does not know about.
 */
declare namespace WechatMiniprogram.Component {
  interface OtherOption {
    storeBindings?:
      | import('mobx-miniprogram-bindings').IStoreBindings
      | import('mobx-miniprogram-bindings').IStoreBindings[];
  }
}
