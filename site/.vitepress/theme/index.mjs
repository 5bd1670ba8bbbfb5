import DefaultTheme from 'vitepress/theme'
import CapacityPlanner from './CapacityPlanner.vue'

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('CapacityPlanner', CapacityPlanner)
  },
}
