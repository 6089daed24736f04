package io.tradewind.bench.flow;

import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.identity.Authentication;
import org.flowable.engine.HistoryService;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.TaskService;
import org.flowable.engine.history.HistoricActivityInstance;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.runtime.ProcessInstance;
import org.flowable.engine.task.Comment;
import org.flowable.task.api.Task;
import org.flowable.task.api.history.HistoricTaskInstance;
import org.flowable.variable.api.history.HistoricVariableInstance;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Flowable's embedded engine on its own PostgreSQL database: history level full, no async executor, the process
 * {@code two-step.bpmn20.xml} (start, user task approve1 for approver1, user task approve2 for approver2, end). The
 * loop body starts an instance with a business key and two variables, then for each approver queries the task of
 * the instance, adds a comment and completes it with a variable, as that user.
 */
final class FlowableBench implements Side {
    private static final String[][] STEPS = {{"approver1", "approve1"}, {"approver2", "approve2"}};

    private final HikariDataSource dataSource;
    private final ProcessEngine engine;
    private final RuntimeService runtime;
    private final TaskService tasks;
    private final HistoryService history;

    FlowableBench(String jdbcUrl, String user, String password, int poolSize) throws Exception {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(jdbcUrl);
        pool.setUsername(user);
        if (password != null && !password.isEmpty()) {
            pool.setPassword(password);
        }
        pool.setMaximumPoolSize(poolSize);
        pool.setMinimumIdle(poolSize);
        pool.setAutoCommit(false);
        dataSource = new HikariDataSource(pool);

        ProcessEngineConfiguration cfg = ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration();
        cfg.setDataSource(dataSource);
        cfg.setTransactionsExternallyManaged(false);
        cfg.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        cfg.setHistoryLevel(HistoryLevel.FULL);
        cfg.setAsyncExecutorActivate(false);
        engine = cfg.buildProcessEngine();
        runtime = engine.getRuntimeService();
        tasks = engine.getTaskService();
        history = engine.getHistoryService();
        try (InputStream bpmn = FlowableBench.class.getResourceAsStream("/two-step.bpmn20.xml")) {
            engine.getRepositoryService().createDeployment().name("bench").addInputStream("two-step.bpmn20.xml", bpmn)
                    .deploy();
        }
    }

    @Override
    public String name() {
        return "flowable";
    }

    @Override
    public void prepareWindow(int threads, long[] perThread) {
    }

    @Override
    public boolean prepareNext(int thread) {
        return false;
    }

    @Override
    public String runInstance(int thread, long seq) {
        try {
            Authentication.setAuthenticatedUserId("submitter");
            ProcessInstance pi = runtime.startProcessInstanceByKey("twoStep", "request-" + seq,
                    Map.of("title", "Request " + seq, "amount", 1234.50));
            for (String[] step : STEPS) {
                Authentication.setAuthenticatedUserId(step[0]);
                Task task = tasks.createTaskQuery().processInstanceId(pi.getId()).taskAssignee(step[0]).singleResult();
                if (task == null || !step[1].equals(task.getTaskDefinitionKey())) {
                    throw new IllegalStateException("instance " + pi.getId() + ": no task " + step[1] + " for "
                            + step[0] + " (found " + (task == null ? "none" : task.getTaskDefinitionKey()) + ")");
                }
                tasks.addComment(task.getId(), pi.getId(), "ok");
                tasks.complete(task.getId(), Map.of(step[1] + "Outcome", "approved"));
            }
            return pi.getId();
        } finally {
            Authentication.setAuthenticatedUserId(null);
        }
    }

    @Override
    public void verify(List<String> instanceIds) {
        for (String id : instanceIds) {
            HistoricProcessInstance hpi = history.createHistoricProcessInstanceQuery().processInstanceId(id)
                    .singleResult();
            check(hpi != null, id, "no historic process instance");
            check(hpi.getEndTime() != null && "done".equals(hpi.getEndActivityId()), id, "not ended at done");
            check("submitter".equals(hpi.getStartUserId()), id, "start user " + hpi.getStartUserId());
            Set<String> activities = history.createHistoricActivityInstanceQuery().processInstanceId(id).list()
                    .stream().filter(a -> a.getEndTime() != null).map(HistoricActivityInstance::getActivityId)
                    .collect(Collectors.toSet());
            check(activities.containsAll(Set.of("start", "approve1", "approve2", "done")), id,
                    "finished activities " + activities);
            List<HistoricTaskInstance> done = history.createHistoricTaskInstanceQuery().processInstanceId(id)
                    .finished().list();
            Set<String> byWhom = new HashSet<>();
            for (HistoricTaskInstance t : done) {
                byWhom.add(t.getTaskDefinitionKey() + "/" + t.getAssignee());
            }
            check(byWhom.equals(Set.of("approve1/approver1", "approve2/approver2")), id, "finished tasks " + byWhom);
            List<Comment> comments = tasks.getProcessInstanceComments(id);
            Set<String> commented = comments.stream().filter(c -> "ok".equals(c.getFullMessage()))
                    .map(Comment::getUserId).collect(Collectors.toSet());
            check(commented.equals(Set.of("approver1", "approver2")), id, "comments by " + commented);
            Set<String> vars = history.createHistoricVariableInstanceQuery().processInstanceId(id).list().stream()
                    .map(HistoricVariableInstance::getVariableName).collect(Collectors.toSet());
            check(vars.containsAll(Set.of("title", "amount", "approve1Outcome", "approve2Outcome")), id,
                    "variables " + vars);
        }
    }

    private static void check(boolean ok, String id, String what) {
        if (!ok) {
            throw new IllegalStateException("flowable instance " + id + ": " + what);
        }
    }

    @Override
    public void close() {
        engine.close();
        dataSource.close();
    }
}
